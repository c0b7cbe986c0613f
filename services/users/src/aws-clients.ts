import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Built once per container. Endpoints and region come from the SDK's own environment handling
// (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB locally): no local branches here.
// Short timeouts: the Cognito trigger has 5 s in all, and a hung request should fail and be retried.
export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } }),
  { marshallOptions: { removeUndefinedValues: true } },
);
