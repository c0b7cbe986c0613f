import type { ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../template';
import { createAwsGateway, type ServiceGatewayOptions, type ServiceModel } from './aws-gateway';
import { jsonProtocolErrors, jsonRequestBody } from './json-protocol';

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
      // A malformed body is checked as `{}`; cognito-local answers it itself.
      const poolId = String(jsonRequestBody(body).UserPoolId ?? '');
      return [{ action: `cognito-idp:${operation}`, resource: poolArn(poolId || '*') }];
    },
    ...jsonProtocolErrors(jsonError),
  };
}

/** The Cognito IdP emulator behind SigV4 and each function's IAM role (admin operations). */
export function createCognitoIdpGateway(opts: ServiceGatewayOptions) {
  return createAwsGateway({ ...opts, model: cognitoIdpModel(opts.region) });
}
