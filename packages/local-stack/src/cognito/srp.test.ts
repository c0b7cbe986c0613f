// The real client's SRP helper and its own big-integer type (it takes B and the salt only so).
import AuthenticationHelper from 'amazon-cognito-identity-js/lib/AuthenticationHelper';
import BigInteger from 'amazon-cognito-identity-js/lib/BigInteger';
import { describe, expect, it } from 'vitest';
import {
  claimSignature,
  N,
  padHex,
  parseSrpTimestamp,
  passwordVerifier,
  poolNameOf,
  randomSaltHex,
  serverEphemeral,
  sessionKey,
  signaturesMatch,
} from './srp';

/** The real client (amazon-cognito-identity-js) derives its key from what our server sent. */
async function clientKey(poolName: string, userId: string, password: string, B: bigint, saltHex: string) {
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise<bigint>((resolve, reject) =>
    helper.getLargeAValue((error, a) => (error ? reject(error) : resolve(BigInt(`0x${a.toString(16)}`)))),
  );
  const key = await new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      userId,
      password,
      new BigInteger(B.toString(16), 16),
      new BigInteger(saltHex, 16),
      (error, k) => (error ? reject(error) : resolve(Buffer.from(k))),
    ),
  );
  return { A, key };
}

describe('SRP server math against amazon-cognito-identity-js', () => {
  const poolName = poolNameOf('local_Ab12Cd34');
  const userId = '5f0c3a52-5d6a-4a8e-9d1e-3f2a1b0c9d8e';

  it('derives the same key as the client for the right password, and the signatures match', async () => {
    const salt = randomSaltHex();
    const v = passwordVerifier(poolName, userId, 'Correct-Horse-9', salt);
    const eph = serverEphemeral(v);
    const { A, key } = await clientKey(poolName, userId, 'Correct-Horse-9', eph.B, salt);
    const serverKey = sessionKey(A, eph, v);
    expect(serverKey?.toString('hex')).toBe(key.toString('hex'));
    const secretBlock = Buffer.from('opaque secret block').toString('base64');
    const timestamp = 'Tue Dec 1 20:57:57 UTC 2026';
    const clientSig = claimSignature(key, poolName, userId, secretBlock, timestamp).toString('base64');
    expect(
      signaturesMatch(
        claimSignature(serverKey as Buffer, poolName, userId, secretBlock, timestamp),
        clientSig,
      ),
    ).toBe(true);
  });

  it('derives a different key for a wrong password', async () => {
    const salt = randomSaltHex();
    const v = passwordVerifier(poolName, userId, 'Correct-Horse-9', salt);
    const eph = serverEphemeral(v);
    const { A, key } = await clientKey(poolName, userId, 'Wrong-Horse-9', eph.B, salt);
    expect(sessionKey(A, eph, v)?.toString('hex')).not.toBe(key.toString('hex'));
  });

  it('refuses A ≡ 0 (mod N), which would otherwise make the key independent of the password', () => {
    const v = passwordVerifier(poolName, userId, 'Correct-Horse-9', randomSaltHex());
    const eph = serverEphemeral(v);
    expect(sessionKey(0n, eph, v)).toBeNull();
    expect(sessionKey(N, eph, v)).toBeNull();
    expect(sessionKey(2n * N, eph, v)).toBeNull();
  });

  it('pads like the client: a 00 byte when the top bit is set, even length', () => {
    expect(padHex(0x14n)).toBe('14');
    expect(padHex(0xecn)).toBe('00ec');
    expect(padHex(0x1abn)).toBe('01ab');
  });

  it('reads the client timestamp format and nothing else', () => {
    expect(parseSrpTimestamp('Tue Dec 1 20:57:57 UTC 2026')).toBe(Date.UTC(2026, 11, 1, 20, 57, 57));
    expect(parseSrpTimestamp('2026-12-01T20:57:57Z')).toBeNaN();
  });
});
