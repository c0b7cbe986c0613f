/**
 * The server half of Cognito's SRP-6a (USER_SRP_AUTH → PASSWORD_VERIFIER), written from RFC 5054
 * and the parameters Cognito uses: the 3072-bit group of RFC 3526 with g = 2, SHA-256,
 * k = H(N | g), u = H(A | B), x = H(salt | H(poolName | userId | ":" | password)), and a 16-byte
 * key HKDF-SHA256(salt = u, ikm = S, info = "Caldera Derived Key"). Numbers are hashed in their
 * two's-complement byte form (a leading 00 when the top bit is set), as Cognito's clients do.
 * The client side is never re-implemented here: tests check these functions against
 * amazon-cognito-identity-js itself.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
const INFO = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

/** Even-length hex of a non-negative number, with a 00 byte in front when its top bit is set. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hashHex(hex: string): bigint {
  return BigInt(`0x${sha256Hex(Buffer.from(hex, 'hex'))}`);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const k = hashHex(padHex(N) + padHex(g));

/** The pool name part of a user pool id (`us-east-1_AbC` → `AbC`), as the clients hash it. */
export function poolNameOf(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? userPoolId;
}

/** x = H(salt | H(poolName + userId + ":" + password)); v = g^x mod N. */
export function passwordVerifier(
  poolName: string,
  userId: string,
  password: string,
  saltHex: string,
): bigint {
  const inner = sha256Hex(`${poolName}${userId}:${password}`);
  const x = hashHex(padHex(BigInt(`0x${saltHex}`)) + inner);
  return modPow(g, x, N);
}

export function randomSaltHex(): string {
  return randomBytes(16).toString('hex');
}

export interface ServerEphemeral {
  b: bigint;
  B: bigint;
}

/** B = k·v + g^b mod N, with a fresh secret b (never B ≡ 0). */
export function serverEphemeral(verifier: bigint): ServerEphemeral {
  for (;;) {
    const b = BigInt(`0x${randomBytes(32).toString('hex')}`);
    const B = (k * verifier + modPow(g, b, N)) % N;
    if (B !== 0n) return { b, B };
  }
}

/**
 * The 16-byte key both sides derive: S = (A · v^u)^b mod N, HKDF(u, S). Null when the client's A
 * is unacceptable (A ≡ 0 mod N, which would let anyone pass without the password).
 */
export function sessionKey(A: bigint, eph: ServerEphemeral, verifier: bigint): Buffer | null {
  if (A % N === 0n) return null;
  const u = hashHex(padHex(A) + padHex(eph.B));
  if (u === 0n) return null;
  const S = modPow(A * modPow(verifier, u, N), eph.b, N);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  return createHmac('sha256', prk).update(INFO).digest().subarray(0, 16);
}

/** PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, poolName | userId | secretBlock | timestamp), base64. */
export function claimSignature(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlockBase64: string,
  timestamp: string,
): Buffer {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(poolName, 'utf8'),
        Buffer.from(userId, 'utf8'),
        Buffer.from(secretBlockBase64, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest();
}

export function signaturesMatch(expected: Buffer, claimedBase64: string): boolean {
  const claimed = Buffer.from(claimedBase64, 'base64');
  return claimed.length === expected.length && timingSafeEqual(claimed, expected);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses Cognito's TIMESTAMP ("Tue Dec 1 20:57:57 UTC 2026"); NaN when it has another shape. */
export function parseSrpTimestamp(value: string): number {
  const m =
    /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(
      value,
    );
  if (!m) return Number.NaN;
  const month = MONTHS.indexOf(m[2] as string);
  if (month < 0) return Number.NaN;
  return Date.UTC(Number(m[7]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
