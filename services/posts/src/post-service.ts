import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';
import { wirePostServices } from './post-wiring';

// Built once per container. Endpoints come from AWS_ENDPOINT_URL_* locally, the defaults in AWS.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const s3 = new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true' });

export const wiring = {
  db,
  s3,
  postsTable: config.POSTS_TABLE,
  usersTable: config.USERS_TABLE,
  mediaBucket: config.MEDIA_BUCKET,
  daxEndpoint: config.POSTS_DAX_ENDPOINT,
};

/** Every read and write on DynamoDB. Public reads that may use DAX import `cached-post-service`. */
export const { posts } = wirePostServices({ ...wiring, daxEndpoint: undefined });
