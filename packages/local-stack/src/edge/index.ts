export { createCloudFrontApi } from './cloudfront-api';
export { type Distribution, loadDistribution, pathPatternMatcher } from './distribution';
export { createEdge, type Edge, type EdgeStats } from './edge-server';
export { type RunningEdge, startEdge } from './start-edge';
