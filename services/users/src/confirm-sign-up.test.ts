import { InMemoryUserRepository } from '@app/core/testing';
import type { UserRepository } from '@app/core/users';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.stubEnv('STAGE', 'test');
vi.stubEnv('USERS_TABLE', 'users');
vi.stubEnv('IDEMPOTENCY_TABLE', 'idempotency');
vi.stubEnv('APP_URL', 'https://app.example.com');
vi.stubEnv('MAIL_FROM', 'no-reply@example.com');
vi.stubEnv('TODOS_TABLE', 'todos');
vi.stubEnv('POSTS_TABLE', 'posts');
vi.stubEnv('FILES_BUCKET', 'files');
vi.stubEnv('MEDIA_BUCKET', 'media');
vi.stubEnv('AWS_REGION', 'us-east-1');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');

let confirmSignUp: typeof import('./confirm-sign-up').confirmSignUp;
beforeAll(async () => {
  ({ confirmSignUp } = await import('./confirm-sign-up'));
});

function confirmation(attributes: Record<string, string>): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'pool',
    userName: attributes.email ?? 'x',
    callerContext: { awsSdkVersion: '3', clientId: 'client' },
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    request: { userAttributes: attributes },
    response: {},
  };
}

describe('confirmSignUp (Cognito PostConfirmation)', () => {
  it('creates the profile once and returns the event unchanged', async () => {
    const users = new InMemoryUserRepository();
    const event = confirmation({ sub: 'u-1', email: 'ada@example.com', name: 'Ada' });
    const snapshot = structuredClone(event);
    expect(await confirmSignUp(users)(event)).toEqual(snapshot);
    await confirmSignUp(users)(event);
    expect(users.inserts).toBe(1);
    expect((await users.get('u-1'))?.displayName).toBe('Ada');
  });

  it('never fails the sign-up: a storage error is logged and the event still returned', async () => {
    const broken: UserRepository = {
      get: async () => undefined,
      createIfAbsent: async () => {
        throw new Error('DynamoDB is down');
      },
      updateDisplayName: async () => {
        throw new Error('DynamoDB is down');
      },
      delete: async () => {
        throw new Error('DynamoDB is down');
      },
    };
    const event = confirmation({ sub: 'u-1', email: 'ada@example.com' });
    await expect(confirmSignUp(broken)(event)).resolves.toBe(event);
  });

  it('an event without sub or email creates nothing and still returns the event', async () => {
    const users = new InMemoryUserRepository();
    const event = confirmation({ email: 'ada@example.com' });
    await expect(confirmSignUp(users)(event)).resolves.toBe(event);
    expect(users.inserts).toBe(0);
  });
});
