import type { EmailSender, IdempotencyStore } from '@app/core/users';

/** Addresses the local stack treats as "SES fails the first time" (integration tests only). */
export const FAIL_ONCE_ADDRESS = /^fail-once\+[^@]*@example\.test$/i;

/**
 * Test-only fault injection, applied only when STAGE is `local` (see send-welcome-email.ts): the
 * first send to a `fail-once+…@example.test` address throws, as a transient SES outage would.
 * "First" is decided by a conditional write in the idempotency table, so it holds across retries,
 * worker threads and restarts.
 */
export function failFirstSendToTestAddresses(sender: EmailSender, markers: IdempotencyStore): EmailSender {
  return {
    async send(email) {
      if (FAIL_ONCE_ADDRESS.test(email.to)) {
        const marker = await markers.claim(
          `fault-injected#${email.to.toLowerCase()}`,
          365 * 24 * 3600 * 1000,
        );
        if (marker.outcome === 'claimed') {
          throw new Error(`Injected fault (STAGE=local): first send to ${email.to} fails`);
        }
      }
      return sender.send(email);
    },
  };
}
