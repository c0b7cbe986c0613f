/**
 * Hostile images through the real S3 event → thumbnail Lambda path: corrupt, zero-byte, text,
 * random bytes, a pixel bomb. Each must end with no thumbnail, status `failed` with a reason, and
 * exactly one rejection (no retry storm). Then the welcome email under duplicate and concurrent
 * sign-ups: exactly one per account.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { thumbnailKey, uploadKey } from '@app/images';
import { pngHeaderOnly } from '@app/images/test-fixtures';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { storageClient } from '../support/aws';
import { usersStreamProcessed } from '../support/mailbox';
import { cognitoClient, createUser, signIn, uniqueEmail } from '../support/users';
import { identityS3 } from './support/fixtures';
import { Checks } from './support/tally';

const stack = inject('stack');
const api = apiClient(stack);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The raw storage behind the checking gateway, to see what was written (nobody may list media). */
const storage = storageClient(stack);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(300);
  }
}

function rejections(key: string): number {
  const log = readFileSync(join(stack.logsDir, 'offline.log'), 'utf8');
  return log.split('\n').filter((l) => l.includes('"image rejected"') && l.includes(`"key":"${key}"`)).length;
}

describe('hostile content', () => {
  it('hostile images: no thumbnail, status failed, one rejection each', async () => {
    const checks = new Checks('hostile images');
    const user = await createUser(stack);
    const { s3 } = identityS3(stack, user);
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: 'green' } })
      .jpeg()
      .toBuffer();
    const cases: [string, Buffer, string][] = [
      ['corrupt.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 3)), 'image/jpeg'],
      ['zero.jpg', Buffer.alloc(0), 'image/jpeg'],
      ['text.png', Buffer.from('<svg onload=alert(1)> not an image'), 'image/png'],
      ['random.webp', Buffer.from('f00dfeed'.repeat(2048), 'hex'), 'image/webp'],
      ['bomb.png', pngHeaderOnly(60_000, 60_000), 'image/png'],
      ['script.jpg', Buffer.from('<script>alert(1)</script>'), 'text/html'],
    ];
    const keys = cases.map(([name]) => uploadKey(user.userId, name));
    await Promise.all(
      cases.map(([, body, type], i) =>
        s3.send(
          new PutObjectCommand({ Bucket: stack.buckets.media, Key: keys[i], Body: body, ContentType: type }),
        ),
      ),
    );
    for (const [i, [name]] of cases.entries()) {
      const key = keys[i] as string;
      const status = await waitFor(async () => {
        const res = await api<{ status: string; reason: string | null; thumbnails: Record<string, unknown> }>(
          'GET',
          `/media/status?key=${encodeURIComponent(key)}`,
          { token: user.accessToken },
        );
        return res.body.status === 'failed' ? res.body : undefined;
      });
      await checks.check(`${name}: status failed with a reason`, () => {
        expect(status?.status).toBe('failed');
        expect(status?.reason).toBeTruthy();
        expect(status?.thumbnails).toEqual({ w320: null, w1280: null });
      });
    }
    // Give a wrong retry time to show up before counting.
    await sleep(3000);
    for (const [i, [name]] of cases.entries()) {
      const key = keys[i] as string;
      await checks.check(`${name}: no thumbnail written`, async () => {
        const prefix = thumbnailKey(key, 320).replace(/-w320\.webp$/, '');
        const listed = await storage.send(
          new ListObjectsV2Command({ Bucket: stack.buckets.media, Prefix: prefix }),
        );
        expect(listed.Contents ?? []).toEqual([]);
      });
      await checks.check(`${name}: rejected once (no retry storm)`, () => {
        expect(rejections(key)).toBe(1);
      });
    }
    checks.assertAllPassed();
  });

  it('welcome email: exactly one under duplicate, case-variant and concurrent sign-ups', async () => {
    const checks = new Checks('welcome email');
    const cognito = cognitoClient(stack);
    const signUp = (email: string) =>
      cognito
        .send(
          new SignUpCommand({
            ClientId: stack.userPoolClientId,
            Username: email,
            Password: 'Correct-Horse-9',
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        )
        .then(
          () => 'ok',
          (e: Error) => e.name,
        );
    const welcomes = async (email: string) => {
      const res = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(email.toLowerCase())}`);
      const mails = (await res.json()) as { to: string[]; subject: string }[];
      return mails.filter(
        (m) => m.to.some((t) => t.toLowerCase() === email.toLowerCase()) && m.subject.includes('Welcome'),
      ).length;
    };

    // Duplicate: the same address signs up twice (after confirming), then calls GET /me concurrently.
    const dup = uniqueEmail('dup');
    const user = await createUser(stack, { email: dup });
    await checks.check('second sign-up of the same address is refused', async () => {
      expect(await signUp(dup)).toBe('UsernameExistsException');
    });
    await checks.check('case variant of the address is the same account', async () => {
      expect(await signUp(dup.toUpperCase())).toBe('UsernameExistsException');
    });
    const me = await Promise.all(
      Array.from({ length: 8 }, () => api('GET', '/me', { token: user.accessToken })),
    );
    await checks.check('8 concurrent GET /me → 200', () => {
      expect(me.map((r) => r.status)).toEqual(Array(8).fill(200));
    });

    // Concurrent: the same new address signs up 6 times at once.
    const racy = uniqueEmail('race');
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => signUp(racy)));
    await checks.check(`concurrent sign-ups: one ok, the rest refused (${outcomes.join(', ')})`, () => {
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'UsernameExistsException')).toBe(true);
    });
    const { AdminConfirmSignUpCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: racy }));
    const racer = await signIn(stack, racy, 'Correct-Horse-9');
    await Promise.all(Array.from({ length: 5 }, () => api('GET', '/me', { token: racer.accessToken })));

    for (const email of [dup, racy]) {
      await waitFor(async () => ((await welcomes(email)) >= 1 ? true : undefined), 20_000);
    }
    // Exactly one: counted once the users stream is processed past every sign-up above.
    await usersStreamProcessed(stack);
    for (const email of [dup, racy]) {
      await checks.check(`${email.split('@')[0]}: exactly one welcome email`, async () => {
        expect(await welcomes(email)).toBe(1);
      });
    }
    checks.assertAllPassed();
  });
});
