/**
 * Sign-in as Cognito gates it, around cognito-local's targets:
 * - an app client signs in only with the flows its ExplicitAuthFlows allow (Cognito's default
 *   when none are set: SRP, custom and refresh), so a client without ALLOW_USER_PASSWORD_AUTH is
 *   refused USER_PASSWORD_AUTH here as in AWS;
 * - USER_SRP_AUTH / PASSWORD_VERIFIER go to {@link SrpSignIn};
 * - a later challenge (SOFTWARE_TOKEN_MFA, NEW_PASSWORD_REQUIRED…) must carry a Session this
 *   server issued for that user, challenge and client in the last three minutes (cognito-local
 *   accepts any string, which would let a TOTP code alone stand in for the password);
 * - every InitiateAuth logs its AuthFlow, every RespondToAuthChallenge its ChallengeName.
 */
import {
  type CognitoErrorFactory,
  type LocalAppClient,
  type LocalUserPool,
  type Route,
  SrpSignIn,
} from './srp-sign-in';

export interface SignInServices {
  cognito: {
    getAppClient(
      ctx: unknown,
      clientId: string,
    ): Promise<(LocalAppClient & { ExplicitAuthFlows?: string[] }) | null>;
    getUserPoolForClientId(ctx: unknown, clientId: string): Promise<LocalUserPool>;
  };
}

const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** The ExplicitAuthFlows values (current and legacy names) that allow each AuthFlow. */
const ALLOWED_BY: Record<string, string[]> = {
  USER_SRP_AUTH: ['ALLOW_USER_SRP_AUTH'],
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
  REFRESH_TOKEN: ['ALLOW_REFRESH_TOKEN_AUTH'],
  CUSTOM_AUTH: ['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'],
};

export function flowAllowed(authFlow: string, explicitAuthFlows: string[] | undefined): boolean {
  const allowed = explicitAuthFlows && explicitAuthFlows.length > 0 ? explicitAuthFlows : DEFAULT_FLOWS;
  return (ALLOWED_BY[authFlow] ?? []).some((flow) => allowed.includes(flow));
}

interface IssuedSession {
  challengeName: string;
  userId: string;
  clientId: string;
  expiresAt: number;
}

const SESSION_TTL_MS = 3 * 60 * 1000;

type Log = (entry: Record<string, unknown>) => void;

/** Wraps cognito-local's router: returns the route for `target`, gated as described above. */
export function signInFlows(
  router: (target: string) => Route,
  services: SignInServices,
  error: CognitoErrorFactory,
  log: Log,
  now: () => number = Date.now,
): (target: string) => Route | undefined {
  const srp = new SrpSignIn(router('InitiateAuth'), error, now);
  const sessions = new Map<string, IssuedSession>();

  const remember = (result: Record<string, unknown>, clientId: string) => {
    const session = result.Session;
    const name = result.ChallengeName;
    if (typeof session !== 'string' || typeof name !== 'string') return result;
    for (const [key, s] of sessions) if (s.expiresAt < now()) sessions.delete(key);
    const params = (result.ChallengeParameters ?? {}) as Record<string, string>;
    sessions.set(session, {
      challengeName: name,
      userId: params.USER_ID_FOR_SRP ?? '',
      clientId,
      expiresAt: now() + SESSION_TTL_MS,
    });
    return result;
  };

  const initiateAuth: Route = async (ctx, req) => {
    const clientId = String(req.ClientId ?? '');
    const authFlow = String(req.AuthFlow ?? '');
    log({ msg: 'InitiateAuth', authFlow, clientId });
    const client = await services.cognito.getAppClient(ctx, clientId);
    if (!client) throw error('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    if (!flowAllowed(authFlow, client.ExplicitAuthFlows)) {
      log({ msg: 'InitiateAuth refused', authFlow, clientId, reason: 'flow not enabled for this client' });
      throw error('InvalidParameterException', `${authFlow} flow not enabled for this client`);
    }
    if (authFlow === 'USER_SRP_AUTH') {
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const params = (req.AuthParameters ?? {}) as Record<string, string | undefined>;
      return srp.initiate(ctx, pool, client, params);
    }
    return remember(await router('InitiateAuth')(ctx, req), clientId);
  };

  const respondToAuthChallenge: Route = async (ctx, req) => {
    const clientId = String(req.ClientId ?? '');
    const challengeName = String(req.ChallengeName ?? '');
    log({ msg: 'RespondToAuthChallenge', challengeName, clientId });
    if (challengeName === 'PASSWORD_VERIFIER') return remember(await srp.respond(ctx, req), clientId);
    const token = typeof req.Session === 'string' ? req.Session : '';
    const issued = sessions.get(token);
    const username = ((req.ChallengeResponses ?? {}) as Record<string, string>).USERNAME ?? '';
    // USERNAME may be the user id (USER_ID_FOR_SRP) or the e-mail alias.
    const user =
      issued && issued.userId !== username
        ? await (await services.cognito.getUserPoolForClientId(ctx, clientId)).getUserByUsername(
            ctx,
            username,
          )
        : null;
    if (
      !issued ||
      issued.expiresAt < now() ||
      issued.challengeName !== challengeName ||
      issued.clientId !== clientId ||
      (issued.userId !== username && user?.Username !== issued.userId)
    )
      throw error('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const result = await router('RespondToAuthChallenge')(ctx, req);
    sessions.delete(token);
    return remember(result, clientId);
  };

  return (target) =>
    target === 'InitiateAuth'
      ? initiateAuth
      : target === 'RespondToAuthChallenge'
        ? respondToAuthChallenge
        : undefined;
}
