import { DynamoDbMediaRepository } from '@app/core/posts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';

// Built once per container; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB locally.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Image status records (and identity owners) in the posts table. */
export const mediaRepository = new DynamoDbMediaRepository(db, config.POSTS_TABLE);
