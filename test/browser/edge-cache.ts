import type { StackInfo } from '@app/local-stack';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

/**
 * Invalidates the edge's cached anonymous post listings, as a deploy would: the edge keeps them for
 * their s-maxage (as CloudFront does), so posts made by an earlier step would otherwise stay hidden.
 */
export async function invalidatePostListings(stack: StackInfo, reference: string): Promise<void> {
  const cloudfront = new CloudFrontClient({
    region: stack.region,
    endpoint: stack.cloudfrontEndpoint,
    credentials: stack.deployerCredentials,
  });
  await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: stack.distributionId,
      InvalidationBatch: {
        CallerReference: `${reference}-${Date.now()}`,
        Paths: { Quantity: 2, Items: ['/api/posts*', '/posts*'] },
      },
    }),
  );
}
