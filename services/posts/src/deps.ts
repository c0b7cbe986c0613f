import { createCloudFrontClient, createDocumentClient, createS3Client } from '@app/core/aws-clients';
import { type DocumentReadCache, postServiceDeps, publicReadDeps as readDeps } from '@app/core/posts';
import { CloudFrontInvalidator } from '@app/core/posts/cloudfront-invalidator';
import { S3MediaBucket } from '@app/core/posts/s3-media-bucket';
import { config } from './config';

// config → clients → repositories → use-case deps, built once per container. Every export is
// pure (`@__PURE__`, config read into locals first), so a function's bundle keeps only what its
// handler uses: S3 is in syncPostMedia only (the posts stream tags covers and deletes a removed
// post's files, so no API function carries an S3 client), CloudFront in invalidatePostCache only.
// DAX is in the DAX builds of listPosts and getPost only (`dax/`, chosen by serverless.yml when DAX
// is deployed), which pass `daxReadCache`.
const { POSTS_TABLE, USERS_TABLE, MEDIA_BUCKET, S3_FORCE_PATH_STYLE, POSTS_DAX_ENDPOINT, DISTRIBUTION_ID } =
  config;
const tables = {
  db: /* @__PURE__ */ createDocumentClient(),
  postsTable: POSTS_TABLE,
  usersTable: USERS_TABLE,
};

/** Every read and write on DynamoDB, reads strongly consistent: for writers and signed-in readers. */
export const postDeps = /* @__PURE__ */ postServiceDeps(tables);

/** Anonymous public reads: through the cache `connect` builds when POSTS_DAX_ENDPOINT is set, else `postDeps`. */
export const publicReadDeps = (connect: (endpoint: string) => DocumentReadCache) =>
  readDeps(tables, postDeps, POSTS_DAX_ENDPOINT, connect);

/** The media bucket, kept in step with the posts by their stream (syncPostMedia): covers tagged, files deleted. */
export const mediaFiles = /* @__PURE__ */ new S3MediaBucket(
  /* @__PURE__ */ createS3Client({ forcePathStyle: S3_FORCE_PATH_STYLE }),
  MEDIA_BUCKET,
);

/** The distribution whose cached public reads a post change invalidates (invalidatePostCache). */
export const cdn = /* @__PURE__ */ new CloudFrontInvalidator(
  /* @__PURE__ */ createCloudFrontClient({ maxAttempts: 5 }),
  DISTRIBUTION_ID ?? '',
);
