export type {
  CredentialErrorCode,
  CredentialResolution,
  CredentialStore,
  Principal,
  ResolvedCredential,
  StaticCredential,
} from './credential-store';
export { createIdentityService, type IdentityService, type IdentityServiceOptions } from './identity-service';
export type { UserPoolTrust } from './login-verifier';
export { type PrincipalTagMapping, principalTagsFromConfig } from './principal-tags';
