import type { ServerResponse } from 'node:http';
import type { PolicyDocument } from '../s3-gateway/policy-authorizer';
import { LOCAL_ACCOUNT_ID } from '../template';
import { createAwsGateway, type ServiceModel } from './aws-gateway';
import type { KeyLookup, VerifyFailure } from './sigv4-verify';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * Operations authorized by a token or code in the request, not by IAM: AWS serves them unsigned
 * (the browser's sign-up and sign-in, `GetUser` with an access token) and checks no policy.
 */
const PUBLIC_OPERATIONS = new Set([
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'ChangePassword',
  'GetUser',
  'UpdateUserAttributes',
  'DeleteUser',
  'GlobalSignOut',
  'RevokeToken',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'GetUserAttributeVerificationCode',
  'VerifyUserAttribute',
]);

const ERROR_TYPES: Record<VerifyFailure, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  InvalidSignature: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
};

function jsonError(res: ServerResponse, status: number, type: string, message: string) {
  res
    .writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': crypto.randomUUID(),
      'x-amzn-errortype': type,
    })
    .end(JSON.stringify({ __type: type, message }));
}

const operationOf = (target: unknown) => String(target ?? '').replace(TARGET_PREFIX, '');

/** Cognito user pools as AWS authorizes them: `cognito-idp:<Operation>` on the pool's ARN. */
export function cognitoIdpModel(region: string): ServiceModel {
  const poolArn = (id: string) => `arn:aws:cognito-idp:${region}:${LOCAL_ACCOUNT_ID}:userpool/${id}`;
  return {
    publicRequest: (req) => PUBLIC_OPERATIONS.has(operationOf(req.headers['x-amz-target'])),
    accesses(req, body) {
      const operation = operationOf(req.headers['x-amz-target']);
      let poolId = '';
      try {
        poolId = String(
          (JSON.parse(body.toString('utf8') || '{}') as { UserPoolId?: unknown }).UserPoolId ?? '',
        );
      } catch {
        // cognito-local answers the malformed body itself
      }
      return [{ action: `cognito-idp:${operation}`, resource: poolArn(poolId || '*') }];
    },
    denied: (res, message) => jsonError(res, 400, 'AccessDeniedException', message),
    unauthenticated: (res, failure, message) =>
      jsonError(res, failure === 'MissingAuthenticationToken' ? 403 : 400, ERROR_TYPES[failure], message),
  };
}

/** The Cognito IdP emulator behind SigV4 and each function's IAM role (admin operations). */
export function createCognitoIdpGateway(opts: {
  upstream: string;
  region: string;
  keys: KeyLookup;
  lambdaPolicies: Record<string, PolicyDocument[]>;
  logger?: (entry: object) => void;
}) {
  return createAwsGateway({ ...opts, model: cognitoIdpModel(opts.region) });
}
