import { createHash } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WELCOME_EMAIL_KEY_PREFIX } from './welcome-email';

/** The key Powertools Idempotency gives a user's welcome email: the prefix and the md5 (base64) of the JSON user id. */
export function welcomeEmailRecordKey(userId: string): string {
  return `${WELCOME_EMAIL_KEY_PREFIX}#${createHash('md5').update(JSON.stringify(userId)).digest('base64')}`;
}

/**
 * Where `welcomeEmailOnce` keeps its records: the idempotency table (its TTL attribute is
 * `expiresAt`). Built here rather than in a service's `deps.ts`: the Powertools package is not
 * side-effect free, so importing it from `deps.ts` put its JMESPath engine (~23 KiB) into every
 * function of the service; from `@app/core` (side-effect free) it is dropped where unused.
 */
export function dynamoDbWelcomeEmailPersistence(client: DynamoDBClient, tableName: string) {
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client, expiryAttr: 'expiresAt' });
}

/** Welcome-email idempotency records, as account deletion sees them. */
export interface WelcomeEmailRecords {
  /** Lets the record expire `keepSeconds` from now (a no-op when there is none). */
  retire(userId: string, keepSeconds: number): Promise<void>;
}

/** The records in the idempotency table (PK `id`, TTL `expiresAt`, as serverless.yml declares it). */
export class DynamoDbWelcomeEmailRecords implements WelcomeEmailRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async retire(userId: string, keepSeconds: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: welcomeEmailRecordKey(userId) },
          UpdateExpression: 'SET expiresAt = :at',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':at': Math.floor(Date.now() / 1000) + keepSeconds },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
