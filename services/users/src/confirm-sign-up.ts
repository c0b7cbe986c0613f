import { ensureProfile, type UserRepository } from '@app/core/users';
import { lambdaHandler, logger } from '@app/http';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { userRepository } from './deps';

/**
 * Cognito PostConfirmation: creates the profile (conditional put, so a retried trigger creates
 * nothing twice). Always returns the event unchanged: a failure here must never fail the sign-up,
 * because GET /me creates a missing profile lazily. So errors are logged, not thrown.
 */
export function confirmSignUp(users: UserRepository) {
  return async (event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> => {
    const attributes = event.request?.userAttributes ?? {};
    const userId = attributes.sub;
    const email = attributes.email;
    logger.appendKeys({ trigger: event.triggerSource, userId });
    try {
      if (!userId || !email) {
        logger.warn('confirmed user has no sub or email: profile left to GET /me');
      } else {
        const { created } = await ensureProfile(users, { userId, email, name: attributes.name });
        logger.info(created ? 'profile created' : 'profile already existed');
      }
    } catch (error) {
      logger.error('could not create the profile at confirmation: GET /me will create it', { error });
    }
    return event;
  };
}

// lambdaHandler removes the appended keys after each invocation.
export const handler = lambdaHandler(confirmSignUp(userRepository));
