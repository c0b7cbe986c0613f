export { type DeployOptions, deploy } from './deploy';
export {
  CloudFrontClient,
  cacheControlFor,
  IMMUTABLE,
  type PublishOptions,
  type PublishResult,
  publishSite,
  REVALIDATE,
} from './publish';
export {
  type LocalStackOutputs,
  type WebConfig,
  webConfigFromLocalStack,
  webConfigFromOutputs,
} from './web-config';
