import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyStore } from './idempotency-store';

/** The same state machine in memory, for unit tests. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly items = new Map<
    string,
    {
      status: 'sending' | 'done';
      token?: string;
      leaseExpiresAt?: number;
      completedAt?: string;
      details?: Record<string, string>;
      expiresAt?: number;
    }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    const item = this.items.get(key);
    if (item?.status === 'done') return { outcome: 'done', completedAt: item.completedAt ?? '' };
    if (item?.status === 'sending' && (item.leaseExpiresAt ?? 0) >= this.now()) {
      return { outcome: 'in_progress', leaseExpiresAt: item.leaseExpiresAt ?? 0 };
    }
    const token = randomUUID();
    this.items.set(key, { status: 'sending', token, leaseExpiresAt: this.now() + leaseMs });
    return { outcome: 'claimed', token };
  }

  async complete(key: string, token: string, details: Record<string, string> = {}) {
    const item = this.items.get(key);
    if (item?.token !== token) return false;
    this.items.set(key, { status: 'done', completedAt: new Date(this.now()).toISOString(), details });
    return true;
  }

  async release(key: string, token: string) {
    const item = this.items.get(key);
    if (item?.status === 'sending' && item.token === token) this.items.delete(key);
  }

  async retire(key: string, keepSeconds: number) {
    const item = this.items.get(key);
    if (item)
      this.items.set(key, {
        status: item.status,
        completedAt: item.completedAt,
        expiresAt: this.now() + keepSeconds * 1000,
      });
  }
}
