import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (esbuild `alias` in
 * serverless.yml). Lambda always hands a function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; the local stack does the same), so
 * the SDK's default chain — INI files, SSO, IMDS, web identity and the STS/SSO clients they carry,
 * ~100 KiB a bundle — would never get past its first link there.
 */
export function defaultProvider(init: Parameters<typeof fromEnv>[0] = {}) {
  return fromEnv(init);
}
