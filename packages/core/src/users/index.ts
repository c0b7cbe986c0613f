// The users bounded context: profiles. (The users service fills this in; the interface below is
// the contract other contexts, e.g. posts for author names, rely on.)

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
}
