import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { logger } from './logger';

/**
 * The one Lambda wrapper under every handler (HTTP ones through `httpHandler`, event ones
 * directly): Powertools' `injectLambdaContext` — the Lambda context (request id, function name,
 * cold start) on every log line of the invocation, and keys appended during it removed afterwards.
 * The same steps as the middy middleware, without middy in every bundle.
 */
export function lambdaHandler<E, R>(fn: (event: E, context?: Context) => Promise<R>) {
  return async (event: E, context?: Context): Promise<R> => {
    if (context) Logger.injectLambdaContextBefore(logger, event, context, { resetKeys: true });
    try {
      return await fn(event, context);
    } finally {
      logger.resetKeys();
    }
  };
}
