import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../errors';
import type { UserProfile, UserRepository } from './index';

function toProfile(item: Record<string, unknown>): UserProfile {
  const field = (name: keyof UserProfile) => {
    const value = item[name];
    if (typeof value !== 'string')
      throw new Error(`Users table item ${String(item.userId)} has no string ${name}`);
    return value;
  };
  return {
    userId: field('userId'),
    email: field('email'),
    displayName: field('displayName'),
    createdAt: field('createdAt'),
    updatedAt: field('updatedAt'),
  };
}

/**
 * Profiles in the users table: one item per user, keyed by `userId` (the Cognito `sub`). Every new
 * item is a stream INSERT, which is what sends the welcome email.
 */
export class DynamoDbUserRepository implements UserRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(userId: string): Promise<UserProfile | undefined> {
    // Consistent: a PATCH is visible on the very next GET.
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { userId }, ConsistentRead: true }),
    );
    return Item ? toProfile(Item) : undefined;
  }

  async createIfAbsent(profile: UserProfile): Promise<{ profile: UserProfile; created: boolean }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...profile },
          ConditionExpression: 'attribute_not_exists(userId)',
        }),
      );
      return { profile, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const stored = await this.get(profile.userId);
    if (!stored)
      throw new Error(`Profile ${profile.userId} vanished between a failed conditional put and a read`);
    return { profile: stored, created: false };
  }

  async updateDisplayName(userId: string, displayName: string): Promise<UserProfile> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { userId },
          UpdateExpression: 'SET displayName = :displayName, updatedAt = :updatedAt',
          ConditionExpression: 'attribute_exists(userId)',
          ExpressionAttributeValues: { ':displayName': displayName, ':updatedAt': this.now().toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!Attributes) throw new Error('UpdateItem returned no attributes');
      return toProfile(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new NotFoundError('Profile not found');
      throw error;
    }
  }

  async delete(userId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { userId } }));
  }
}
