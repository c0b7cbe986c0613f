import { PoisonRecordError, type WelcomeRecipient, welcomeRecipientFromStreamRecord } from '@app/core/users';
import { lambdaHandler, logger } from '@app/http';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { welcomeEmailOnce } from './deps';

/** Sends one user's welcome email at most once (`welcomeEmailOnce` of `@app/core/users`). */
export type SendWelcomeEmailOnce = (
  recipient: WelcomeRecipient,
  context?: Context,
) => Promise<{ messageId: string }>;

/**
 * One users-table stream record → at most one welcome email for that user. Throws to fail the
 * record: PoisonRecordError (never succeeds: ends in the dead-letter path) or a transient error
 * (SES, DynamoDB, another invocation sending the same email right now).
 */
export function processWelcomeRecord(sendOnce: SendWelcomeEmailOnce, context?: Context) {
  return async (record: DynamoDBRecord): Promise<void> => {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    try {
      const recipient = welcomeRecipientFromStreamRecord(record);
      if (!recipient) return;
      const { messageId } = await sendOnce(recipient, context);
      logger.info('welcome email', { userId: recipient.userId, messageId, sequenceNumber });
    } catch (error) {
      // In AWS a failed record is retried (maximumRetryAttempts, bisect) and then recorded in
      // WelcomeEmailDeadLetterQueue. Locally there is no SQS: this line is the dead-letter record.
      logger.error('welcome email record failed', {
        sequenceNumber,
        userId: record.dynamodb?.Keys?.userId?.S,
        poison: error instanceof PoisonRecordError,
        error,
      });
      throw error;
    }
  };
}

/**
 * The stream handler: records are processed one after the other (powertools BatchProcessor,
 * `processInParallel: false`, so one user's records — a row deleted and re-created in one batch —
 * never race for the same idempotency record), and only the failed ones are returned in
 * `batchItemFailures`. When every record fails, BatchProcessor throws (a function error), which
 * both AWS and serverless-offline-dynamodb-streams retry as a whole batch; locally that is the only
 * retry there is: the plugin (8.0.1) ignores batchItemFailures, bisecting and the onFailure destination.
 */
export function sendWelcomeEmails(sendOnce: SendWelcomeEmailOnce) {
  return async (event: DynamoDBStreamEvent, context?: Context) => {
    // A processor per invocation: it keeps per-batch state.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const response = await processPartialResponse(event, processWelcomeRecord(sendOnce, context), processor, {
      context,
      processInParallel: false,
    });
    if (response.batchItemFailures.length > 0) {
      logger.warn('welcome email batch had failures', {
        records: event.Records.length,
        failed: response.batchItemFailures.map((f) => f.itemIdentifier),
      });
    }
    return response;
  };
}

export const handler = lambdaHandler(sendWelcomeEmails(welcomeEmailOnce));
