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
      return new AuthError(code, 'That code is not right. Check the email and try again.');
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

/** Promise-shaped wrapper over amazon-cognito-identity-js (USER_PASSWORD_AUTH: works with AWS and cognito-local). */
export class AuthService {
  readonly pool: CognitoUserPool;

  constructor(
    config: WebConfig,
    private readonly lib: CognitoLib,
  ) {
    this.pool = new lib.CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.userPoolClientId,
      ...(config.cognitoIdpEndpoint ? { endpoint: config.cognitoIdpEndpoint } : {}),
    });
  }

  private user(email: string): CognitoUser {
    const user = new this.lib.CognitoUser({ Username: email.trim().toLowerCase(), Pool: this.pool });
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    return user;
  }

  async signUp(email: string, password: string): Promise<{ confirmed: boolean }> {
    const normalized = email.trim().toLowerCase();
    return new Promise((resolve, reject) => {
      this.pool.signUp(
        normalized,
        password,
        [new this.lib.CognitoUserAttribute({ Name: 'email', Value: normalized })],
        [],
        (error, result) =>
          error ? reject(toAuthError(error)) : resolve({ confirmed: result?.userConfirmed ?? false }),
      );
    });
  }

  confirmSignUp(email: string, code: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.user(email).confirmRegistration(code.trim(), true, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  resendCode(email: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.user(email).resendConfirmationCode((error) => (error ? reject(toAuthError(error)) : resolve()));
    });
  }

  signIn(email: string, password: string): Promise<CognitoUserSession> {
    const user = this.user(email);
    return new Promise((resolve, reject) => {
      user.authenticateUser(
        new this.lib.AuthenticationDetails({ Username: email.trim().toLowerCase(), Password: password }),
        {
          onSuccess: (session) => resolve(session),
          onFailure: (error) => reject(toAuthError(error)),
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

  forgotPassword(email: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.user(email).forgotPassword({
        onSuccess: () => resolve(),
        inputVerificationCode: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.user(email).confirmPassword(code.trim(), newPassword, {
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  signOut(): void {
    this.pool.getCurrentUser()?.signOut();
  }

  /**
   * The current session, refreshed when it is invalid or close to expiry; null when signed out.
   * Throws SessionExpiredError when a stored session can no longer be refreshed.
   */
  async session(): Promise<CognitoUserSession | null> {
    const user = this.pool.getCurrentUser();
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

/** The Cognito library is loaded after first paint: it is the largest part of the app's JS. */
export async function createAuthService(config: WebConfig): Promise<AuthService> {
  return new AuthService(config, await import('amazon-cognito-identity-js'));
}

export function userFromSession(session: CognitoUserSession): SignedInUser {
  const claims = session.getIdToken().decodePayload() as { sub: string; email?: string; name?: string };
  return { sub: claims.sub, email: claims.email ?? '', ...(claims.name ? { name: claims.name } : {}) };
}

/** Seconds until the access token needs a refresh (for the background refresh timer). */
export function secondsUntilRefresh(session: CognitoUserSession): number {
  return Math.max(5, session.getAccessToken().getExpiration() - Date.now() / 1000 - REFRESH_MARGIN_SECONDS);
}
