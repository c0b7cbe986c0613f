import type { CognitoUser, CognitoUserPool, CognitoUserSession } from 'amazon-cognito-identity-js';
import type { WebConfig } from './config';

type CognitoLib = typeof import('amazon-cognito-identity-js');

export interface SignedInUser {
  /** Cognito `sub`: the API's userId. */
  sub: string;
  email: string;
  name?: string;
}

/** A Cognito failure with a sentence a person can act on; `code` keeps the Cognito exception name. */
export class AuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** No usable session any more (signed out elsewhere, refresh token expired or revoked). */
export class SessionExpiredError extends AuthError {
  constructor() {
    super('SessionExpired', 'Your session has expired. Please sign in again.');
    this.name = 'SessionExpiredError';
  }
}

export const PASSWORD_RULES = [
  { test: (p: string) => p.length >= 8, label: 'At least 8 characters' },
  { test: (p: string) => /[A-Z]/.test(p), label: 'An uppercase letter' },
  { test: (p: string) => /[a-z]/.test(p), label: 'A lowercase letter' },
  { test: (p: string) => /[0-9]/.test(p), label: 'A number' },
] as const;

export function passwordProblems(password: string): string[] {
  return PASSWORD_RULES.filter((r) => !r.test(password)).map((r) => r.label.toLowerCase());
}

/** Refresh this long before the access token expires, so API calls never carry a stale token. */
const REFRESH_MARGIN_SECONDS = 120;

export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const e = error as { code?: string; name?: string; message?: string } | undefined;
  const code = e?.code ?? e?.name ?? 'Unknown';
  const raw = e?.message ?? '';
  switch (code) {
    case 'NotAuthorizedException':
      if (/attempts exceeded/i.test(raw))
        return new AuthError(code, 'Too many failed attempts. Wait a little, then try again.');
      if (/refresh token|revoked|expired/i.test(raw)) return new SessionExpiredError();
      return new AuthError(code, 'Incorrect email or password.');
    case 'UserNotFoundException':
      return new AuthError(code, 'Incorrect email or password.');
    case 'UserNotConfirmedException':
      return new AuthError(code, 'This account is not confirmed yet. Enter the code we emailed you.');
    case 'UsernameExistsException':
      return new AuthError(
        code,
        'An account with this email already exists. Sign in instead, or reset the password.',
      );
    case 'InvalidPasswordException':
      // cognito-local answers a wrong sign-in password this way; AWS uses NotAuthorizedException.
      if (/^invalid password\.?\s*$/i.test(raw.trim()))
        return new AuthError('NotAuthorizedException', 'Incorrect email or password.');
      return new AuthError(
        code,
        raw.replace(/^Password does not conform to policy:?\s*/i, 'The password is too weak: ') ||
          'The password is too weak.',
      );
    case 'CodeMismatchException':
      return new AuthError(code, 'That code is not right. Check it and try again.');
    case 'ExpiredCodeException':
      return new AuthError(code, 'That code has expired. Ask for a new one.');
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return new AuthError(code, 'Too many attempts. Wait a little, then try again.');
    case 'InvalidParameterException':
      return new AuthError(code, raw || 'Some of the details are not valid.');
    case 'NetworkError':
      return new AuthError(code, 'Cannot reach the sign-in service. Check your connection and try again.');
    default:
      if (/unsupported feature/i.test(raw))
        return new AuthError(code, 'The sign-in service cannot do that here yet.');
      return new AuthError(code, raw || 'Something went wrong. Please try again.');
  }
}

/** What a sign-in asks for next: nothing (signed in), or a code from the user's authenticator app. */
export type SignInStep =
  | { kind: 'signedIn'; session: CognitoUserSession }
  | { kind: 'totpRequired'; submitCode(code: string): Promise<CognitoUserSession> };

/** A new authenticator-app (TOTP) key: the user types the secret or opens the otpauth:// URI. */
export interface TotpSetup {
  secret: string;
  uri: string;
}

const APP_NAME = 'MyTodoList + MyBlog';

/**
 * Promise-shaped wrapper over amazon-cognito-identity-js. Sign-in uses the library's default flow,
 * USER_SRP_AUTH: the password never leaves the browser (AWS and the local stack alike).
 *
 * The library is the largest part of the app's JS and a public page never needs it, so it is
 * imported on first use: when the browser holds a session (the library's own keys in localStorage,
 * checked without it), or when the user signs in, signs up or resets a password.
 */
export class AuthService {
  private loading: Promise<{ lib: CognitoLib; pool: CognitoUserPool }> | undefined;
  /** Set once the library is loaded (a session can only exist from then on). */
  private pool: CognitoUserPool | undefined;

  constructor(private readonly config: WebConfig) {}

  /** The library's "who is signed in" key: present from a sign-in until a sign-out. */
  private get lastUserKey(): string {
    return `CognitoIdentityServiceProvider.${this.config.userPoolClientId}.LastAuthUser`;
  }

  /** Whether this browser holds a session, without loading the library. */
  hasStoredSession(): boolean {
    try {
      return window.localStorage.getItem(this.lastUserKey) !== null;
    } catch {
      return false;
    }
  }

  /** Whether a storage event is a sign-in or sign-out in another tab. */
  isSessionKey(key: string | null): boolean {
    return key === this.lastUserKey;
  }

  /** Starts loading the library (a sign-in form about to be used); idempotent. */
  preload(): void {
    void this.load().catch(() => undefined);
  }

  private load() {
    this.loading ??= import('amazon-cognito-identity-js').then(
      (lib) => {
        const pool = new lib.CognitoUserPool({
          UserPoolId: this.config.userPoolId,
          ClientId: this.config.userPoolClientId,
          ...(this.config.cognitoIdpEndpoint ? { endpoint: this.config.cognitoIdpEndpoint } : {}),
        });
        this.pool = pool;
        return { lib, pool };
      },
      (error: unknown) => {
        this.loading = undefined;
        throw new AuthError(
          'NetworkError',
          `The sign-in code could not be loaded: ${(error as Error).message}`,
        );
      },
    );
    return this.loading;
  }

  private async user(email: string): Promise<CognitoUser> {
    const { lib, pool } = await this.load();
    return new lib.CognitoUser({ Username: email.trim().toLowerCase(), Pool: pool });
  }

  /** The signed-in user with a valid session loaded (the library needs one for account calls). */
  private async currentUser(): Promise<CognitoUser> {
    await this.session();
    const user = this.pool?.getCurrentUser();
    if (!user) throw new SessionExpiredError();
    await new Promise<void>((resolve, reject) =>
      user.getSession((error: Error | null) => (error ? reject(toAuthError(error)) : resolve())),
    );
    return user;
  }

  async signUp(email: string, password: string): Promise<{ confirmed: boolean }> {
    const normalized = email.trim().toLowerCase();
    const { lib, pool } = await this.load();
    return new Promise((resolve, reject) => {
      pool.signUp(
        normalized,
        password,
        [new lib.CognitoUserAttribute({ Name: 'email', Value: normalized })],
        [],
        (error, result) =>
          error ? reject(toAuthError(error)) : resolve({ confirmed: result?.userConfirmed ?? false }),
      );
    });
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    const user = await this.user(email);
    return new Promise((resolve, reject) => {
      user.confirmRegistration(code.trim(), true, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  async resendCode(email: string): Promise<void> {
    const user = await this.user(email);
    return new Promise((resolve, reject) => {
      user.resendConfirmationCode((error) => (error ? reject(toAuthError(error)) : resolve()));
    });
  }

  async signIn(email: string, password: string): Promise<SignInStep> {
    const { lib } = await this.load();
    const user = await this.user(email);
    const submitCode = (code: string) =>
      new Promise<CognitoUserSession>((resolve, reject) => {
        user.sendMFACode(
          code.trim(),
          { onSuccess: (session) => resolve(session), onFailure: (error) => reject(toAuthError(error)) },
          'SOFTWARE_TOKEN_MFA',
        );
      });
    return new Promise((resolve, reject) => {
      user.authenticateUser(
        new lib.AuthenticationDetails({ Username: email.trim().toLowerCase(), Password: password }),
        {
          onSuccess: (session) => resolve({ kind: 'signedIn', session }),
          onFailure: (error) => reject(toAuthError(error)),
          totpRequired: () => resolve({ kind: 'totpRequired', submitCode }),
          mfaRequired: () =>
            reject(
              new AuthError(
                'MfaUnsupported',
                'This account asks for a text-message code, which this app does not support.',
              ),
            ),
          newPasswordRequired: () =>
            reject(
              new AuthError(
                'NewPasswordRequired',
                'This account needs a new password. Use “Forgot password” to set one.',
              ),
            ),
        },
      );
    });
  }

  async forgotPassword(email: string): Promise<void> {
    const user = await this.user(email);
    return new Promise((resolve, reject) => {
      user.forgotPassword({
        onSuccess: () => resolve(),
        inputVerificationCode: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    const user = await this.user(email);
    return new Promise((resolve, reject) => {
      user.confirmPassword(code.trim(), newPassword, {
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const user = await this.currentUser();
    await new Promise<void>((resolve, reject) =>
      user.changePassword(oldPassword, newPassword, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      ),
    );
  }

  /** Whether sign-in asks this user for an authenticator-app code. */
  async totpEnabled(): Promise<boolean> {
    const user = await this.currentUser();
    return new Promise((resolve, reject) =>
      user.getUserData(
        (error, data) =>
          error
            ? reject(toAuthError(error))
            : resolve(data?.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false),
        { bypassCache: true },
      ),
    );
  }

  /** Step 1 of adding an authenticator app: a new secret for this user. */
  async startTotpSetup(email: string): Promise<TotpSetup> {
    const user = await this.currentUser();
    const secret = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({
        associateSecretCode: (code) => resolve(code),
        onFailure: (error) => reject(toAuthError(error)),
      }),
    );
    const label = encodeURIComponent(`${APP_NAME}:${email}`);
    const query = new URLSearchParams({
      secret,
      issuer: APP_NAME,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    return { secret, uri: `otpauth://totp/${label}?${query.toString()}` };
  }

  /** Step 2: a code from the app proves it has the secret; sign-in asks for a code from then on. */
  async finishTotpSetup(code: string): Promise<void> {
    const user = await this.currentUser();
    await new Promise<void>((resolve, reject) =>
      user.verifySoftwareToken(code.trim(), 'Authenticator app', {
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      }),
    );
    await this.setTotp(user, true);
  }

  async disableTotp(): Promise<void> {
    await this.setTotp(await this.currentUser(), false);
  }

  private setTotp(user: CognitoUser, enabled: boolean): Promise<void> {
    return new Promise((resolve, reject) =>
      user.setUserMfaPreference(null, { Enabled: enabled, PreferredMfa: enabled }, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      ),
    );
  }

  signOut(): void {
    // Signed in means the library is loaded; without it there is nothing of ours to remove.
    this.pool?.getCurrentUser()?.signOut();
  }

  /**
   * The current session, refreshed when it is invalid or close to expiry; null when signed out.
   * Throws SessionExpiredError when a stored session can no longer be refreshed.
   */
  async session(): Promise<CognitoUserSession | null> {
    if (!this.hasStoredSession()) return null;
    const { pool } = await this.load();
    const user = pool.getCurrentUser();
    if (!user) return null;
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      user.getSession((error: Error | null, s: CognitoUserSession | null) => {
        if (error || !s) reject(error ?? new SessionExpiredError());
        else resolve(s);
      });
    }).catch((error: unknown) => {
      const mapped = toAuthError(error);
      if (mapped.code === 'NetworkError') throw mapped;
      user.signOut();
      throw new SessionExpiredError();
    });
    const secondsLeft = session.getAccessToken().getExpiration() - Date.now() / 1000;
    if (secondsLeft > REFRESH_MARGIN_SECONDS) return session;
    return new Promise((resolve, reject) => {
      user.refreshSession(session.getRefreshToken(), (error: unknown, refreshed: CognitoUserSession) => {
        if (error) {
          const mapped = toAuthError(error);
          if (mapped.code === 'NetworkError') return reject(mapped);
          user.signOut();
          return reject(new SessionExpiredError());
        }
        resolve(refreshed);
      });
    });
  }

  async accessToken(): Promise<string> {
    const session = await this.session();
    if (!session) throw new SessionExpiredError();
    return session.getAccessToken().getJwtToken();
  }

  async idToken(): Promise<string> {
    const session = await this.session();
    if (!session) throw new SessionExpiredError();
    return session.getIdToken().getJwtToken();
  }
}

export function userFromSession(session: CognitoUserSession): SignedInUser {
  const claims = session.getIdToken().decodePayload() as { sub: string; email?: string; name?: string };
  return { sub: claims.sub, email: claims.email ?? '', ...(claims.name ? { name: claims.name } : {}) };
}

/** Seconds until the access token needs a refresh (for the background refresh timer). */
export function secondsUntilRefresh(session: CognitoUserSession): number {
  return Math.max(5, session.getAccessToken().getExpiration() - Date.now() / 1000 - REFRESH_MARGIN_SECONDS);
}
