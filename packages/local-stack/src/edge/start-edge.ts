import type { Server } from 'node:http';
import { listen } from '../s3';
import type { LocalRef, ServerlessConfig } from '../template';
import { createCloudFrontApi } from './cloudfront-api';
import { loadDistribution } from './distribution';
import { createEdge, type Edge } from './edge-server';

export interface RunningEdge {
  edge: Edge;
  distributionId: string;
  distributionArn: string;
  servers: Server[];
}

/**
 * The local edge: the template's CloudFront distribution on `edgePort` (the stack's `webUrl`), and
 * the CloudFront API (CreateInvalidation, stats) on `apiPort`.
 */
export async function startEdge(opts: {
  config: ServerlessConfig;
  refs: Record<string, LocalRef>;
  edgePort: number;
  apiPort: number;
  apiOrigin: string;
  s3Endpoint: string;
  oacCredentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<RunningEdge | undefined> {
  const distribution = loadDistribution(opts.config, opts.refs);
  if (!distribution) return undefined;
  const edge = createEdge({
    distribution,
    host: `127.0.0.1:${opts.edgePort}`,
    endpoints: {
      api: opts.apiOrigin,
      s3: opts.s3Endpoint,
      region: opts.config.provider.region,
      oacCredentials: opts.oacCredentials,
      via: `1.1 ${distribution.id.toLowerCase()}.cloudfront.net (CloudFront)`,
    },
  });
  const servers = [
    await listen(edge.handler, opts.edgePort),
    await listen(createCloudFrontApi(distribution.id, edge), opts.apiPort),
  ];
  return { edge, distributionId: distribution.id, distributionArn: distribution.arn, servers };
}
