import { NotFoundError } from '../errors';
import type { UserProfile, UserRepository } from '../users';

/** A UserRepository in a Map, with the same semantics as the DynamoDB one: for unit tests. */
export class InMemoryUserRepository implements UserRepository {
  readonly items = new Map<string, UserProfile>();
  /** How many profiles were actually created (each would be one stream INSERT). */
  inserts = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async get(userId: string) {
    const item = this.items.get(userId);
    return item ? { ...item } : undefined;
  }

  async createIfAbsent(profile: UserProfile) {
    const existing = this.items.get(profile.userId);
    if (existing) return { profile: { ...existing }, created: false };
    this.items.set(profile.userId, { ...profile });
    this.inserts += 1;
    return { profile: { ...profile }, created: true };
  }

  async updateDisplayName(userId: string, displayName: string) {
    const existing = this.items.get(userId);
    if (!existing) throw new NotFoundError('Profile not found');
    const updated = { ...existing, displayName, updatedAt: this.now().toISOString() };
    this.items.set(userId, updated);
    return { ...updated };
  }

  async delete(userId: string) {
    this.items.delete(userId);
  }
}
