/**
 * USER_SRP_AUTH for cognito-local (which has none): InitiateAuth answers the PASSWORD_VERIFIER
 * challenge (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP) and RespondToAuthChallenge checks
 * PASSWORD_CLAIM_SIGNATURE over TIMESTAMP, as Cognito does, so amazon-cognito-identity-js signs
 * in unchanged. cognito-local keeps each user's password, so the verifier is derived from it per
 * challenge with a fresh salt; the password itself never crosses the wire.
 */
import { randomBytes } from 'node:crypto';
import {
  claimSignature,
  parseSrpTimestamp,
  passwordVerifier,
  poolNameOf,
  randomSaltHex,
  type ServerEphemeral,
  serverEphemeral,
  sessionKey,
  signaturesMatch,
} from './srp';

/** The slice of cognito-local's services this module needs. */
export interface LocalUser {
  Username: string;
  Password?: string;
}
export interface LocalUserPool {
  options: { Id: string };
  getUserByUsername(ctx: unknown, username: string): Promise<LocalUser | null>;
}
export interface LocalAppClient {
  ClientId: string;
  PreventUserExistenceErrors?: string;
}
export type Route = (ctx: unknown, req: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type CognitoErrorFactory = (code: string, message: string) => Error;

interface PendingChallenge {
  clientId: string;
  userPoolId: string;
  userId: string;
  /** Null for an unknown user (PreventUserExistenceErrors): the answer always fails. */
  user: LocalUser | null;
  verifier: bigint;
  A: bigint;
  ephemeral: ServerEphemeral;
  expiresAt: number;
}

/** Cognito's sign-in sessions last three minutes. */
const CHALLENGE_TTL_MS = 3 * 60 * 1000;

export class SrpSignIn {
  private readonly pending = new Map<string, PendingChallenge>();

  constructor(
    /** cognito-local's own USER_PASSWORD_AUTH InitiateAuth: status checks, MFA, triggers, tokens. */
    private readonly passwordSignIn: Route,
    private readonly error: CognitoErrorFactory,
    private readonly now: () => number = Date.now,
  ) {}

  async initiate(
    ctx: unknown,
    pool: LocalUserPool,
    client: LocalAppClient,
    params: Record<string, string | undefined>,
  ): Promise<Record<string, unknown>> {
    const username = params.USERNAME;
    const srpA = params.SRP_A;
    if (!username) throw this.error('InvalidParameterException', 'Missing required parameter USERNAME');
    if (!srpA || !/^[0-9a-f]+$/i.test(srpA))
      throw this.error('InvalidParameterException', 'Missing or malformed parameter SRP_A');
    const user = await pool.getUserByUsername(ctx, username);
    if (!user && client.PreventUserExistenceErrors !== 'ENABLED')
      throw this.error('UserNotFoundException', 'User does not exist.');
    const userId = user?.Username ?? username;
    const poolName = poolNameOf(pool.options.Id);
    const salt = randomSaltHex();
    // An unknown user gets a challenge too (from a password no one knows), so the answer to
    // InitiateAuth does not tell which accounts exist.
    const password = user?.Password ?? randomBytes(24).toString('base64');
    const verifier = passwordVerifier(poolName, userId, password, salt);
    const ephemeral = serverEphemeral(verifier);
    const secretBlock = randomBytes(64).toString('base64');
    this.prune();
    this.pending.set(secretBlock, {
      clientId: client.ClientId,
      userPoolId: pool.options.Id,
      userId,
      user,
      verifier,
      A: BigInt(`0x${srpA}`),
      ephemeral,
      expiresAt: this.now() + CHALLENGE_TTL_MS,
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: salt,
        SRP_B: ephemeral.B.toString(16),
        SECRET_BLOCK: secretBlock,
        USER_ID_FOR_SRP: userId,
        USERNAME: userId,
      },
    };
  }

  /** RespondToAuthChallenge PASSWORD_VERIFIER: checks the claim, then signs in as Cognito would. */
  async respond(ctx: unknown, req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answers = (req.ChallengeResponses ?? {}) as Record<string, string | undefined>;
    const secretBlock = answers.PASSWORD_CLAIM_SECRET_BLOCK ?? '';
    const challenge = this.pending.get(secretBlock);
    this.pending.delete(secretBlock);
    if (!challenge || challenge.expiresAt < this.now() || challenge.clientId !== req.ClientId)
      throw this.error('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const timestamp = answers.TIMESTAMP ?? '';
    if (Number.isNaN(parseSrpTimestamp(timestamp)))
      throw this.error(
        'InvalidParameterException',
        'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
      );
    const claimed = answers.PASSWORD_CLAIM_SIGNATURE ?? '';
    const key = sessionKey(challenge.A, challenge.ephemeral, challenge.verifier);
    const poolName = poolNameOf(challenge.userPoolId);
    const expected = key && claimSignature(key, poolName, challenge.userId, secretBlock, timestamp);
    if (
      answers.USERNAME !== challenge.userId ||
      !expected ||
      !challenge.user ||
      !signaturesMatch(expected, claimed)
    )
      throw this.error('NotAuthorizedException', 'Incorrect username or password.');
    // The password is proven: the rest (confirmation status, MFA challenge, triggers, tokens) is
    // cognito-local's own sign-in, called in-process with the password it already holds.
    return this.passwordSignIn(ctx, {
      ClientId: req.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: challenge.user.Username, PASSWORD: challenge.user.Password },
      ClientMetadata: req.ClientMetadata,
    });
  }

  private prune() {
    const now = this.now();
    for (const [key, challenge] of this.pending) {
      if (challenge.expiresAt < now) this.pending.delete(key);
    }
  }
}
