import type { ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../template';
import { createAwsGateway, type ServiceGatewayOptions, type ServiceModel } from './aws-gateway';
import { dynamoDbAccesses } from './dynamodb-actions';
import { jsonProtocolErrors, jsonRequestBody } from './json-protocol';

/** DynamoDB's JSON error body (`__type` is what the SDK turns into the error's name). */
function jsonError(res: ServerResponse, status: number, type: string, message: string) {
  res
    .writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': crypto.randomUUID(),
    })
    .end(JSON.stringify({ __type: `com.amazon.coral.service#${type}`, Message: message }));
}

export function dynamoDbModel(region: string): ServiceModel {
  const tableArn = (table: string) => `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT_ID}:table/${table}`;
  return {
    accesses(req, body) {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.')[1] ?? '';
      // A malformed body is checked as `{}`; DynamoDB Local answers it itself (SerializationException).
      return dynamoDbAccesses(operation, jsonRequestBody(body), tableArn);
    },
    ...jsonProtocolErrors(jsonError),
  };
}

/** DynamoDB Local behind SigV4 and each function's IAM role (see createAwsGateway). */
export function createDynamoDbGateway(opts: ServiceGatewayOptions) {
  return createAwsGateway({ ...opts, model: dynamoDbModel(opts.region) });
}
