import { createDocumentClient, createS3Client } from '@app/core/aws-clients';
import { coverInUse, DynamoDbMediaRepository, DynamoDbPostRepository } from '@app/core/posts';
import { S3MediaBucket } from '@app/core/posts/s3-media-bucket';
import { config } from './config';

// config → clients → repositories → use-case deps, built once per container. Every export is
// pure (`@__PURE__`, config read into locals first), so the status route bundles no S3 client.
const { POSTS_TABLE, MEDIA_BUCKET, S3_FORCE_PATH_STYLE } = config;

/** Image status records (and identity owners) in the posts table. */
const db = /* @__PURE__ */ createDocumentClient();
export const mediaRepository = /* @__PURE__ */ new DynamoDbMediaRepository(db, POSTS_TABLE);

/** Is an upload some post's cover? (The thumbnail maker's lifecycle tag: `post=none` expires.) */
export const isCover = /* @__PURE__ */ coverInUse(
  /* @__PURE__ */ new DynamoDbPostRepository(db, POSTS_TABLE),
);

export const mediaBucket = MEDIA_BUCKET;

/** The media bucket: uploads read, thumbnails written. */
export const uploads = /* @__PURE__ */ new S3MediaBucket(
  /* @__PURE__ */ createS3Client({ forcePathStyle: S3_FORCE_PATH_STYLE }),
  MEDIA_BUCKET,
);
