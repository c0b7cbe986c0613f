import { type LocalRef, resolveIntrinsics, resourcesOfType, type ServerlessConfig } from '../template';

/**
 * An `AWS::Cognito::IdentityPoolPrincipalTag`: which ID-token claims of one provider become session
 * (principal) tags, usable in IAM as `${aws:PrincipalTag/<tag>}`.
 */
export interface PrincipalTagMapping {
  /** The user pool's provider name as the template resolves it locally (`127.0.0.1:<port>/<poolId>`). */
  providerName: string;
  /** Tag name → claim name. */
  tags: Record<string, string>;
}

/** AWS's mapping when `UseDefaults` is true (Cognito developer guide, "Using attributes for access control"). */
const DEFAULT_TAGS: Record<string, string> = { username: 'sub', client: 'aud' };

/** The identity pool's principal-tag mappings, read from the resolved serverless config. */
export function principalTagsFromConfig(
  config: ServerlessConfig,
  refs: Record<string, LocalRef>,
): PrincipalTagMapping[] {
  return resourcesOfType(config, 'AWS::Cognito::IdentityPoolPrincipalTag').map(([id, resource]) => {
    const props = resolveIntrinsics(resource.Properties ?? {}, refs, config.provider.region) as Record<
      string,
      unknown
    >;
    const providerName = props.IdentityProviderName;
    if (typeof providerName !== 'string' || providerName === '') {
      throw new Error(`${id}: IdentityProviderName is required`);
    }
    const given = (props.PrincipalTags ?? {}) as Record<string, unknown>;
    const tags = props.UseDefaults === true ? { ...DEFAULT_TAGS } : {};
    for (const [tag, claim] of Object.entries(given)) {
      if (typeof claim !== 'string') throw new Error(`${id}: PrincipalTags.${tag} must name a claim`);
      tags[tag] = claim;
    }
    return { providerName, tags };
  });
}

/**
 * The session tags for a verified ID token's claims: a claim that is absent (or not a string or
 * number) gives no tag, so a policy using that tag matches nothing.
 */
export function sessionTagsFor(
  mappings: readonly PrincipalTagMapping[],
  isProvider: (providerName: string) => boolean,
  claims: Record<string, unknown>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const mapping of mappings) {
    if (!isProvider(mapping.providerName)) continue;
    for (const [tag, claim] of Object.entries(mapping.tags)) {
      const value = claims[claim];
      if (typeof value === 'string' || typeof value === 'number') tags[tag] = String(value);
    }
  }
  return tags;
}
