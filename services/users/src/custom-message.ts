import { codeEmailFor } from '@app/core/users';
import { logger } from '@app/http';
import type { CustomMessageTriggerEvent } from 'aws-lambda';

/** Cognito CustomMessage trigger: a subject and text per purpose (sign-up code vs password reset). */
export const customMessage = async (event: CustomMessageTriggerEvent): Promise<CustomMessageTriggerEvent> => {
  const email = codeEmailFor(event.triggerSource, event.request.codeParameter);
  logger.info('code email', { trigger: event.triggerSource, customised: email !== undefined });
  if (email) {
    event.response.emailSubject = email.emailSubject;
    event.response.emailMessage = email.emailMessage;
  }
  return event;
};

export const handler = customMessage;
