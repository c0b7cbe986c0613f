import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/**
 * The result of trying to claim a side effect (e.g. "send the welcome email to user X"):
 * - `claimed`: the caller now holds a lease and must `complete` or `release` it;
 * - `done`: it already happened: do nothing;
 * - `in_progress`: someone else holds an unexpired lease: try again later.
 */
export type ClaimResult =
  | { outcome: 'claimed'; token: string }
  | { outcome: 'done'; completedAt: string }
  | { outcome: 'in_progress'; leaseExpiresAt: number };

/**
 * Makes a side effect happen once per key across retries, redeliveries and concurrent
 * invocations: claim (a lease) → do it → complete; on failure release, so a retry can claim again.
 * A holder that dies without releasing blocks the key only until its lease expires.
 */
export interface IdempotencyStore {
  claim(key: string, leaseMs: number): Promise<ClaimResult>;
  /** Marks the key done (kept for good). False if the lease was lost meanwhile (it expired and was re-claimed). */
  complete(key: string, token: string, details?: Record<string, string>): Promise<boolean>;
  /** Gives the key back after a failure; a no-op if the lease is no longer ours. */
  release(key: string, token: string): Promise<void>;
  /**
   * Keeps only the key's outcome (no details) and lets the table's TTL remove it after
   * `keepSeconds`; a no-op for a missing key. For a deleted account: a replayed stream record must
   * still find its email "done", but nothing personal stays behind.
   */
  retire(key: string, keepSeconds: number): Promise<void>;
}

/** An abandoned claim is deleted by DynamoDB TTL after a day; `done` records carry no TTL. */
const CLAIM_TTL_SECONDS = 24 * 60 * 60;

/**
 * The idempotency table (PK `id`, TTL `expiresAt`): items `{id, status: sending|done,
 * claimToken, leaseExpiresAt (epoch ms)}`. Every transition is a conditional write.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    // Two rounds: a claim released between our failed put and our read is simply claimed again.
    for (let round = 0; round < 2; round++) {
      const now = this.now();
      const token = randomUUID();
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              id: key,
              status: 'sending',
              claimToken: token,
              leaseExpiresAt: now + leaseMs,
              expiresAt: Math.floor(now / 1000) + CLAIM_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(id) OR (#status = :sending AND leaseExpiresAt < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending', ':now': now },
          }),
        );
        return { outcome: 'claimed', token };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { id: key }, ConsistentRead: true }),
      );
      if (Item?.status === 'done') return { outcome: 'done', completedAt: String(Item.completedAt) };
      if (Item?.status === 'sending' && Number(Item.leaseExpiresAt) >= this.now()) {
        return { outcome: 'in_progress', leaseExpiresAt: Number(Item.leaseExpiresAt) };
      }
    }
    return { outcome: 'in_progress', leaseExpiresAt: this.now() };
  }

  async complete(key: string, token: string, details: Record<string, string> = {}): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':done': 'done',
      ':token': token,
      ':at': new Date(this.now()).toISOString(),
    };
    const sets = ['#status = :done', 'completedAt = :at'];
    Object.entries(details).forEach(([name, value], i) => {
      names[`#d${i}`] = name;
      values[`:d${i}`] = value;
      sets.push(`#d${i} = :d${i}`);
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: key },
          UpdateExpression: `SET ${sets.join(', ')} REMOVE claimToken, leaseExpiresAt, expiresAt`,
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(key: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { id: key },
          ConditionExpression: '#status = :sending AND claimToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async retire(key: string, keepSeconds: number): Promise<void> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id: key }, ConsistentRead: true }),
    );
    if (!Item) return;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          id: key,
          status: Item.status,
          ...(Item.completedAt ? { completedAt: Item.completedAt } : {}),
          expiresAt: Math.floor(this.now() / 1000) + keepSeconds,
        },
      }),
    );
  }
}
