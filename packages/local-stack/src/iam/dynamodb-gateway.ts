import type { ServerResponse } from 'node:http';
import type { PolicyDocument } from '../s3-gateway/policy-authorizer';
import { LOCAL_ACCOUNT_ID } from '../template';
import { createAwsGateway, type ServiceModel } from './aws-gateway';
import { dynamoDbAccesses } from './dynamodb-actions';
import type { KeyLookup, VerifyFailure } from './sigv4-verify';

const ERROR_TYPES: Record<VerifyFailure, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  InvalidSignature: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
};

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
      let parsed: Record<string, unknown> = {};
      try {
        parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        // DynamoDB Local answers the malformed body itself (SerializationException).
      }
      return dynamoDbAccesses(operation, parsed, tableArn);
    },
    denied: (res, message) => jsonError(res, 400, 'AccessDeniedException', message),
    unauthenticated: (res, failure, message) =>
      jsonError(res, failure === 'MissingAuthenticationToken' ? 403 : 400, ERROR_TYPES[failure], message),
  };
}

/** DynamoDB Local behind SigV4 and each function's IAM role (see createAwsGateway). */
export function createDynamoDbGateway(opts: {
  upstream: string;
  region: string;
  keys: KeyLookup;
  lambdaPolicies: Record<string, PolicyDocument[]>;
  logger?: (entry: object) => void;
}) {
  return createAwsGateway({ ...opts, model: dynamoDbModel(opts.region) });
}
