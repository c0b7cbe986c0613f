import { createDocumentClient, createS3Client } from '@app/core/aws-clients';
import { postServiceDeps, publicReadDeps as readDeps } from '@app/core/posts';
import { daxReadCache } from '@app/core/posts/dax-read-cache';
import { S3MediaBucket } from '@app/core/posts/s3-media-bucket';
import { config } from './config';

// config → clients → repositories → use-case deps, built once per container. Every export is
// pure (`@__PURE__`, config read into locals first), so a function's bundle keeps only what its
// handler uses: the S3 client is in deletePost only, DAX in listPosts and getPost only.
const { POSTS_TABLE, USERS_TABLE, MEDIA_BUCKET, S3_FORCE_PATH_STYLE, POSTS_DAX_ENDPOINT } = config;
const tables = {
  db: /* @__PURE__ */ createDocumentClient(),
  postsTable: POSTS_TABLE,
  usersTable: USERS_TABLE,
};

/** Every read and write on DynamoDB, reads strongly consistent: for writers and signed-in readers. */
export const postDeps = /* @__PURE__ */ postServiceDeps(tables);

/** Anonymous public reads: through DAX when POSTS_DAX_ENDPOINT is set, else `postDeps`. */
export const publicReadDeps = /* @__PURE__ */ readDeps(tables, postDeps, POSTS_DAX_ENDPOINT, daxReadCache);

/** The media bucket, whose files a deleted post takes with it. */
export const mediaFiles = /* @__PURE__ */ new S3MediaBucket(
  /* @__PURE__ */ createS3Client({ forcePathStyle: S3_FORCE_PATH_STYLE }),
  MEDIA_BUCKET,
);
