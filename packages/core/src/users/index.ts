// The users bounded context: profiles, and the welcome email sent once per new profile.
// `UserProfile` and `UserRepository` are the contract other contexts (posts: author names) rely on.
// Adapters to other AWS services are imported by path so other contexts' bundles stay lean:
// `@app/core/users/ses-email-sender`, `@app/core/users/cognito-identity-lookup`.

export interface UserProfile {
  userId: string;
  email: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
}

export interface UserRepository {
  get(userId: string): Promise<UserProfile | undefined>;
  /** Conditional put: creates the profile only if absent; returns the stored one either way. */
  createIfAbsent(profile: UserProfile): Promise<{ profile: UserProfile; created: boolean }>;
  updateDisplayName(userId: string, displayName: string): Promise<UserProfile>;
  /** Removes the profile (a no-op when there is none). */
  delete(userId: string): Promise<void>;
}

export { type CodeEmail, codeEmailFor } from './code-emails';
export {
  type AccountDirectory,
  type AccountObjectStore,
  accountPrefixes,
  type DeleteAccountDeps,
  type DeletedAccount,
  deleteAccount,
} from './delete-account';
export { DynamoDbUserRepository } from './dynamodb-user-repository';
export type { EmailSender, OutgoingEmail } from './email-sender';
export {
  defaultDisplayName,
  ensureProfile,
  getOrCreateProfile,
  newProfile,
  type ProfileView,
  toProfileView,
  type UserIdentity,
  updateMyProfile,
} from './profile';
export { displayNameSchema, updateProfileSchema } from './profile.schema';
export {
  APP_NAME,
  composeWelcomeEmail,
  PoisonRecordError,
  sendWelcomeEmail,
  WELCOME_EMAIL_KEY_PREFIX,
  WELCOME_EMAIL_RECORD_SECONDS,
  type WelcomeEmailDeps,
  type WelcomeEmailSettings,
  type WelcomeRecipient,
  welcomeEmailOnce,
  welcomeRecipientFromStreamRecord,
} from './welcome-email';
export {
  DynamoDbWelcomeEmailRecords,
  dynamoDbWelcomeEmailPersistence,
  type WelcomeEmailRecords,
  welcomeEmailRecordKey,
} from './welcome-email-records';
