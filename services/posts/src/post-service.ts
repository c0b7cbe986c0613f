import {
  authorDirectoryFromUsers,
  createPostService,
  DynamoDbMediaRepository,
  DynamoDbPostRepository,
} from '@app/core/posts';
import { DynamoDbUserRepository } from '@app/core/users';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';
import { S3MediaFileStore } from './s3-media-file-store';

// Built once per container. Endpoints come from AWS_ENDPOINT_URL_* locally, the defaults in AWS.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const s3 = new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true' });

export const posts = createPostService({
  posts: new DynamoDbPostRepository(db, config.POSTS_TABLE),
  media: new DynamoDbMediaRepository(db, config.POSTS_TABLE),
  authors: authorDirectoryFromUsers(new DynamoDbUserRepository(db, config.USERS_TABLE)),
  files: new S3MediaFileStore(s3, config.MEDIA_BUCKET),
});
