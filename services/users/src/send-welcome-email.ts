import {
  PoisonRecordError,
  sendWelcomeEmailOnce,
  type WelcomeEmailDeps,
  welcomeRecipientFromStreamRecord,
} from '@app/core/users';
import { logger } from '@app/http';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { emailSender, idempotencyStore, stage, welcomeEmailSettings } from './deps';
import { failFirstSendToTestAddresses } from './fault-injection';

/**
 * One users-table stream record → at most one welcome email for that user (idempotency record
 * `welcome#<userId>`). Throws to fail the record: PoisonRecordError (never succeeds: ends in the
 * dead-letter path) or a transient error (SES, DynamoDB, another invocation holding the claim).
 */
export function processWelcomeRecord(deps: WelcomeEmailDeps) {
  return async (record: DynamoDBRecord): Promise<void> => {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    try {
      const recipient = welcomeRecipientFromStreamRecord(record);
      if (!recipient) return;
      const result = await sendWelcomeEmailOnce(deps, recipient);
      if (result.outcome === 'sent' && !result.recorded) {
        logger.warn('welcome email sent, but our claim had expired and was taken over', {
          userId: recipient.userId,
        });
      }
      logger.info('welcome email', { userId: recipient.userId, outcome: result.outcome, sequenceNumber });
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
 * The stream handler: records are processed independently (powertools BatchProcessor) and only
 * the failed ones are returned in `batchItemFailures`, so one bad record does not block or resend
 * the others. When every record fails, BatchProcessor throws (a function error), which both AWS
 * and serverless-offline-dynamodb-streams retry as a whole batch; locally that is the only retry
 * there is: the plugin (8.0.1) ignores batchItemFailures, bisecting and the onFailure destination.
 */
export function sendWelcomeEmails(deps: WelcomeEmailDeps) {
  const processRecord = processWelcomeRecord(deps);
  return async (event: DynamoDBStreamEvent, context?: Context) => {
    // Records run in parallel, except that one user's records (a row deleted and re-created within
    // one batch) run in order: otherwise the second would find the first's claim in progress and
    // fail for nothing.
    const perUser = new Map<string, Promise<void>>();
    const recordHandler = (record: DynamoDBRecord) => {
      const userId = record.dynamodb?.Keys?.userId?.S ?? '';
      const run = (perUser.get(userId) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => processRecord(record));
      perUser.set(userId, run);
      return run;
    };
    // A processor per invocation: it keeps per-batch state.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const response = await processPartialResponse(event, recordHandler, processor, { context });
    if (response.batchItemFailures.length > 0) {
      logger.warn('welcome email batch had failures', {
        records: event.Records.length,
        failed: response.batchItemFailures.map((f) => f.itemIdentifier),
      });
    }
    return response;
  };
}

export const handler = sendWelcomeEmails({
  store: idempotencyStore,
  // Fault injection exists for the local integration tests only; other stages never wrap the sender.
  sender: stage === 'local' ? failFirstSendToTestAddresses(emailSender, idempotencyStore) : emailSender,
  settings: welcomeEmailSettings,
});
