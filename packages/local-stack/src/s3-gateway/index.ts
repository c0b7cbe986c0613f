export type { Decision, PolicyDocument, RequestPrincipal, RolePolicies } from './policy-authorizer';
export { PolicyAuthorizer } from './policy-authorizer';
export {
  assertPolicyAccepted,
  isPublicPolicy,
  NEW_BUCKET_DEFAULT,
  type PublicAccessBlock,
  publicAccessBlockOf,
} from './public-access-block';
export { errorXml, S3Error } from './s3-error';
export { createS3Gateway, type S3GatewayOptions } from './s3-gateway';
export { resolveOperation, type S3Access, type S3Operation } from './s3-operations';
