import { DISPLAY_NAME_MAX_CHARS } from '../limits';
import { parseInput } from '../validation';
import type { UserProfile, UserRepository } from './index';
import { updateProfileSchema } from './profile.schema';

/** Who a user is according to the identity provider: enough to create their profile. */
export interface UserIdentity {
  userId: string;
  email: string;
  /** Cognito's optional `name` attribute. */
  name?: string;
}

/** The profile as the API returns it (SPEC §4: GET /me, PATCH /me). */
export interface ProfileView {
  userId: string;
  email: string;
  displayName: string;
  createdAt: string;
}

/** Control characters become spaces and runs of whitespace collapse: names end up in emails and HTML. */
function cleanName(value: string): string {
  return value
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `name` attribute if there is one, else the email's local part (both cleaned, at most 80 chars). */
export function defaultDisplayName(email: string, name?: string): string {
  const fromName = name ? cleanName(name) : '';
  const candidate = fromName || cleanName(email.split('@')[0] ?? '') || 'New user';
  return [...candidate].slice(0, DISPLAY_NAME_MAX_CHARS).join('').trim();
}

export function newProfile(identity: UserIdentity, now: Date): UserProfile {
  const at = now.toISOString();
  return {
    userId: identity.userId,
    email: identity.email,
    displayName: defaultDisplayName(identity.email, identity.name),
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Creates the user's profile unless it exists (a conditional put: concurrent callers, retried
 * triggers and the lazy path in GET /me all end with one row, hence one stream INSERT).
 */
export function ensureProfile(users: UserRepository, identity: UserIdentity, now = new Date()) {
  return users.createIfAbsent(newProfile(identity, now));
}

/**
 * The caller's profile, created on first use. `identify` is only called when the profile is
 * missing (for an access token it costs a Cognito GetUser call).
 */
export async function getOrCreateProfile(
  users: UserRepository,
  userId: string,
  identify: () => Promise<UserIdentity>,
): Promise<UserProfile> {
  const existing = await users.get(userId);
  if (existing) return existing;
  const identity = await identify();
  if (identity.userId !== userId) throw new Error('Identity lookup returned another user');
  return (await ensureProfile(users, identity)).profile;
}

/** PATCH /me: validates `{displayName}` (strict, trimmed, 1..80 chars) and stores it. */
export async function updateMyProfile(
  users: UserRepository,
  userId: string,
  identify: () => Promise<UserIdentity>,
  input: unknown,
): Promise<UserProfile> {
  const { displayName } = parseInput(updateProfileSchema, input);
  await getOrCreateProfile(users, userId, identify);
  return users.updateDisplayName(userId, displayName);
}

export function toProfileView(profile: UserProfile): ProfileView {
  return {
    userId: profile.userId,
    email: profile.email,
    displayName: profile.displayName,
    createdAt: profile.createdAt,
  };
}
