import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place AWS SDK clients are built. A service's `deps.ts` calls these once per container.
 * Region, credentials and endpoints come from the SDK's own environment handling (AWS_REGION,
 * AWS_ENDPOINT_URL_<SERVICE> set by the local stack): no local branches here.
 */
export interface ClientOptions {
  /** Milliseconds to open a connection / to get a response (SDK defaults: none). */
  connectionTimeout?: number;
  requestTimeout?: number;
  maxAttempts?: number;
}

function common({ connectionTimeout, requestTimeout, maxAttempts }: ClientOptions) {
  const requestHandler =
    connectionTimeout || requestTimeout ? { requestHandler: { connectionTimeout, requestTimeout } } : {};
  return { ...requestHandler, ...(maxAttempts ? { maxAttempts } : {}) };
}

/** DynamoDB's low-level client (for libraries that take one, e.g. Powertools idempotency). */
export function createDynamoDbClient(options: ClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(common(options));
}

/** DynamoDB through the document client (over `client` when given); `undefined` attributes are left out of items. */
export function createDocumentClient(
  options: ClientOptions = {},
  client: DynamoDBClient = createDynamoDbClient(options),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** S3; `forcePathStyle` for endpoints without virtual-hosted buckets (the local S3). */
export function createS3Client(options: ClientOptions & { forcePathStyle?: boolean } = {}): S3Client {
  return new S3Client({ ...common(options), forcePathStyle: options.forcePathStyle ?? false });
}

export function createSesClient(options: ClientOptions = {}): SESv2Client {
  return new SESv2Client(common(options));
}

/** CloudFront's API (invalidations): a global service, signed for us-east-1 whatever the function's region. */
export function createCloudFrontClient(options: ClientOptions = {}): CloudFrontClient {
  return new CloudFrontClient({ ...common(options), region: 'us-east-1' });
}

export function createCognitoClient(options: ClientOptions = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(common(options));
}
