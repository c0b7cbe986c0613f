import type { StackInfo } from '@app/local-stack';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The raw storage behind the checking S3 gateway (s3rver with its own `S3RVER` key): for tests that
 * look at what is stored, which no app role may do (nobody lists the media bucket or reads thumbnails/).
 */
export function storageClient(stack: Pick<StackInfo, 'ports' | 'region'>): S3Client {
  return new S3Client({
    endpoint: `http://127.0.0.1:${stack.ports.s3Upstream}`,
    region: stack.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

/** Invalidates `paths` at the local edge as a deploy would (CloudFront CreateInvalidation, deployer credentials). */
export async function invalidateEdge(stack: StackInfo, paths: string[]): Promise<void> {
  const cloudfront = new CloudFrontClient({
    region: stack.region,
    endpoint: stack.cloudfrontEndpoint,
    credentials: stack.deployerCredentials,
  });
  try {
    await cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: stack.distributionId,
        InvalidationBatch: {
          CallerReference: `test-${Date.now()}-${Math.random().toString(36).slice(2)}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
  } finally {
    cloudfront.destroy();
  }
}
