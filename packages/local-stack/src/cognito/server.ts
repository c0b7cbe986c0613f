/**
 * cognito-local, assembled as its own `createDefaultServer` does, with two local fixes:
 * - confirmation and reset codes are sent as real emails to the local SES (so they show in the
 *   mailbox, as in AWS) instead of only being printed;
 * - the pool's password policy is enforced on SignUp / password changes (cognito-local skips it).
 * Run as a child of the local stack with its working directory inside `.local/`.
 */
import { createRequire } from 'node:module';
import { accessTokenGate } from './access-token-gate';
import { signInFlows } from './sign-in-flows';
import { ensureSigningKey } from './signing-key';

const require = createRequire(import.meta.url);
const { createServer } = require('cognito-local/lib/server/server');
const { Router } = require('cognito-local/lib/server/Router');
const { loadConfig } = require('cognito-local/lib/server/config');
const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb');
const services = require('cognito-local/lib/services');
const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
const { CryptoService } = require('cognito-local/lib/services/crypto');
const { otp } = require('cognito-local/lib/services/otp');
const { CognitoError } = require('cognito-local/lib/errors');
const AWS = require('aws-sdk');
const packagedPrivateKey = require('cognito-local/lib/keys/cognitoLocal.private.json');
const packagedPublicKey = require('cognito-local/lib/keys/cognitoLocal.public.json');
const pino = require('pino');

const sesEndpoint = process.env.LOCAL_SES_ENDPOINT ?? '';
const mailFrom = process.env.LOCAL_MAIL_FROM ?? 'no-reply@mytodolist.local';
const appName = process.env.LOCAL_APP_NAME ?? 'MyTodoList + MyBlog';

interface CognitoUser {
  Username: string;
  Attributes?: { Name: string; Value: string }[];
}

/** Sends Cognito's codes through the local SES v2 API, like Cognito's own email in AWS. */
class SesMessageSender {
  async sendEmail(
    _ctx: unknown,
    user: CognitoUser,
    destination: string,
    message: { __code?: string; emailSubject?: string; emailMessage?: string },
  ) {
    const code = message.__code ?? '';
    const subject = message.emailSubject ?? `Your ${appName} verification code`;
    const text =
      message.emailMessage ??
      `Hello,\n\nYour ${appName} verification code is ${code}\n\nIt expires in 24 hours. If you did not ask for it, ignore this email.`;
    const response = await fetch(`${sesEndpoint}/v2/email/outbound-emails`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // aws-ses-v2-local wants an Authorization header; it does not check it.
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=local',
      },
      body: JSON.stringify({
        FromEmailAddress: mailFrom,
        Destination: { ToAddresses: [destination] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: text } } } },
      }),
    });
    if (!response.ok) throw new Error(`local SES refused the code email: ${response.status}`);
    console.log(JSON.stringify({ msg: 'code email sent', to: destination, username: user.Username }));
  }
  sendSms(_ctx: unknown, user: CognitoUser, destination: string, message: { __code?: string }) {
    console.log(
      JSON.stringify({
        msg: 'sms code (not delivered locally)',
        to: destination,
        username: user.Username,
        code: message.__code,
      }),
    );
    return Promise.resolve();
  }
}

interface PasswordPolicy {
  MinimumLength?: number;
  RequireLowercase?: boolean;
  RequireUppercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

export function passwordProblems(password: string, policy: PasswordPolicy | undefined): string[] {
  if (!policy) return [];
  const problems: string[] = [];
  if (password.length < (policy.MinimumLength ?? 8))
    problems.push(`at least ${policy.MinimumLength ?? 8} characters`);
  if (policy.RequireLowercase && !/[a-z]/.test(password)) problems.push('a lowercase letter');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) problems.push('an uppercase letter');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) problems.push('a number');
  if (policy.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password))
    problems.push('a symbol');
  return problems;
}

/** Lower-cases the username wherever a request names one (and the email used as username at sign-up). */
export function foldUsernames(req: Record<string, unknown>): void {
  if (typeof req.Username === 'string') req.Username = req.Username.toLowerCase();
  const auth = req.AuthParameters as Record<string, unknown> | undefined;
  if (auth && typeof auth.USERNAME === 'string') auth.USERNAME = auth.USERNAME.toLowerCase();
  const challenge = req.ChallengeResponses as Record<string, unknown> | undefined;
  if (challenge && typeof challenge.USERNAME === 'string')
    challenge.USERNAME = challenge.USERNAME.toLowerCase();
}

const PASSWORD_FIELDS: Record<string, string> = {
  SignUp: 'Password',
  ConfirmForgotPassword: 'Password',
  ChangePassword: 'ProposedPassword',
  AdminSetUserPassword: 'Password',
  AdminCreateUser: 'TemporaryPassword',
};

/**
 * cognito-local signs with (and publishes the JWKS of) the key pair in its npm package. Both modules
 * read the same cached JSON objects, so replacing their contents makes it sign with this stack's own
 * key and publish only that key.
 */
function useOwnSigningKey() {
  const file = process.env.LOCAL_COGNITO_SIGNING_KEY;
  if (!file) throw new Error('LOCAL_COGNITO_SIGNING_KEY is not set: refusing to sign with the published key');
  const key = ensureSigningKey(file);
  packagedPrivateKey.pem = key.privatePem;
  packagedPrivateKey.jwk = undefined;
  packagedPublicKey.jwk = key.publicJwk;
  packagedPublicKey.pem = undefined;
}

interface CodeUser {
  UserStatus?: string;
  Attributes?: unknown;
}
interface CodeUserPool {
  options: { Id: string };
  getUserByUsername(c: unknown, username: string): Promise<CodeUser | null | undefined>;
  saveUser(c: unknown, user: CodeUser & Record<string, unknown>): Promise<unknown>;
}

/**
 * cognito-local 5.3 answers ResendConfirmationCode with "unsupported": send a fresh code the way
 * SignUp does (new code stored on the user, delivered by email).
 */
function resendConfirmationCodeRoute(
  cognitoClient: { getUserPoolForClientId(c: unknown, clientId: string): Promise<CodeUserPool> },
  messages: { deliver(...args: unknown[]): Promise<unknown> },
  clock: { get(): Date },
) {
  return async (c: unknown, req: { ClientId: string; Username: string; ClientMetadata?: unknown }) => {
    const userPool = await cognitoClient.getUserPoolForClientId(c, req.ClientId);
    const user = await userPool.getUserByUsername(c, req.Username);
    if (!user) throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
    if (user.UserStatus === 'CONFIRMED')
      throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    const email = (user.Attributes as { Name: string; Value: string }[] | undefined)?.find(
      (a) => a.Name === 'email',
    )?.Value;
    if (!email)
      throw new CognitoError('InvalidParameterException', 'User has no email address to send a code to.');
    const code = otp();
    const details = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
    await messages.deliver(
      c,
      'ResendCode',
      req.ClientId,
      userPool.options.Id,
      user,
      code,
      req.ClientMetadata,
      details,
    );
    await userPool.saveUser(c, { ...user, ConfirmationCode: code, UserLastModifiedDate: clock.get() });
    const [local = '', domain = ''] = email.split('@');
    return { CodeDeliveryDetails: { ...details, Destination: `${local[0]}***@${domain[0]}***` } };
  };
}

async function main() {
  useOwnSigningKey();
  const logger = pino({ level: process.env.DEBUG ? 'debug' : 'info' });
  const ctx = { logger };
  const config = await loadConfig(ctx, new StormDBDataStoreFactory('.cognito'));
  const clock = new services.DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory('.cognito/db');
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(
    '.cognito/db',
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  );
  const cognitoClient = await cognitoServiceFactory.create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService(
    clock,
    cognitoClient,
    new services.LambdaService(config.TriggerFunctions, new AWS.Lambda(config.LambdaClient)),
    new CryptoService(config.KMSConfig),
  );
  const all = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new SesMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const router = Router(all);

  const resendConfirmationCode = resendConfirmationCodeRoute(cognitoClient, all.messages, clock);

  const signIn = signInFlows(
    router,
    all,
    (code, message) => new CognitoError(code, message),
    (entry) => console.log(JSON.stringify(entry)),
  );

  const tokenChecked = accessTokenGate(
    String(config.TokenConfig.IssuerDomain),
    (code, message) => new CognitoError(code, message),
  );

  // With PreventUserExistenceErrors, Cognito answers ForgotPassword for an unknown user as if a
  // code were sent (cognito-local says UserNotFoundException, which tells who has an account).
  const forgotPassword = async (c: unknown, req: { ClientId: string; Username: string }) => {
    try {
      return await router('ForgotPassword')(c, req);
    } catch (error) {
      const client = await cognitoClient.getAppClient(c, req.ClientId);
      if ((error as { code?: string }).code !== 'UserNotFoundException') throw error;
      if (client?.PreventUserExistenceErrors !== 'ENABLED') throw error;
      const [local = '', domain = ''] = String(req.Username).split('@');
      return {
        CodeDeliveryDetails: {
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: `${local[0] ?? ''}***@${domain[0] ?? ''}***`,
        },
      };
    }
  };

  const poolOf = async (c: unknown, req: Record<string, unknown>) =>
    typeof req.UserPoolId === 'string'
      ? await cognitoClient.getUserPool(c, req.UserPoolId)
      : typeof req.ClientId === 'string'
        ? await cognitoClient.getUserPoolForClientId(c, req.ClientId)
        : undefined;
  // A pool with `UsernameConfiguration.CaseSensitive: false` (serverless.yml) treats `USER@X` and
  // `user@x` as one user, as Cognito does; cognito-local compares usernames exactly, so every
  // username reaching it is folded to lower case first.
  const foldingUsernames =
    <R extends object>(route: (c: unknown, req: R) => Promise<unknown>) =>
    async (c: unknown, req: R) => {
      const fields = req as Record<string, unknown>;
      const pool = await poolOf(c, fields).catch(() => undefined);
      if (pool?.options?.UsernameConfiguration?.CaseSensitive === false) foldUsernames(fields);
      return route(c, req);
    };
  const passwordChecked = (
    target: string,
    route: (c: unknown, req: Record<string, unknown>) => Promise<unknown>,
  ) => {
    const field = PASSWORD_FIELDS[target];
    if (!field) return route;
    return async (c: unknown, req: Record<string, unknown>) => {
      const password = req[field];
      if (typeof password === 'string') {
        const pool = await poolOf(c, req);
        const problems = passwordProblems(password, pool?.options?.Policies?.PasswordPolicy);
        if (problems.length > 0) {
          throw new CognitoError(
            'InvalidPasswordException',
            `Password does not conform to policy: it needs ${problems.join(', ')}`,
          );
        }
      }
      return route(c, req);
    };
  };
  // cognito-local looks for an existing user and saves the new one in two awaited steps, so two
  // sign-ups of one address at once both succeeded. Cognito refuses the second
  // (UsernameExistsException): user creations run one at a time here.
  let creations: Promise<unknown> = Promise.resolve();
  const oneUserCreationAtATime =
    (route: (c: unknown, req: Record<string, unknown>) => Promise<unknown>) =>
    (c: unknown, req: Record<string, unknown>) => {
      const run = creations.then(() => route(c, req));
      creations = run.catch(() => undefined);
      return run;
    };
  const checkedRouter = (target: string) => {
    if (target === 'ResendConfirmationCode') return foldingUsernames(resendConfirmationCode);
    if (target === 'ForgotPassword') return foldingUsernames(forgotPassword);
    const gated = signIn(target);
    if (gated) return foldingUsernames(gated);
    const route = passwordChecked(target, foldingUsernames(tokenChecked(target, router(target))));
    return target === 'SignUp' || target === 'AdminCreateUser' ? oneUserCreationAtATime(route) : route;
  };
  const server = createServer(checkedRouter, logger, config.ServerConfig, all);
  await server.start();
  logger.info(`Cognito Local running on http://${config.ServerConfig.hostname}:${config.ServerConfig.port}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
