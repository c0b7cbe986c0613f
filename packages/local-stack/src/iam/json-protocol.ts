import type { ServerResponse } from 'node:http';
import type { ServiceModel } from './aws-gateway';
import type { VerifyFailure } from './sigv4-verify';

/** The `__type` AWS's JSON-protocol services (DynamoDB, Cognito) give each authentication failure. */
const AUTH_ERROR_TYPES: Record<VerifyFailure, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  InvalidSignature: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
};

export type JsonErrorWriter = (res: ServerResponse, status: number, type: string, message: string) => void;

/** A JSON-protocol service's answers to a denied or unauthenticated request, in its own error shape. */
export function jsonProtocolErrors(write: JsonErrorWriter): Pick<ServiceModel, 'denied' | 'unauthenticated'> {
  return {
    denied: (res, message) => write(res, 400, 'AccessDeniedException', message),
    unauthenticated: (res, failure, message) =>
      write(res, failure === 'MissingAuthenticationToken' ? 403 : 400, AUTH_ERROR_TYPES[failure], message),
  };
}

/** The request's JSON body, or `{}` when it is empty or malformed (the emulator answers that itself). */
export function jsonRequestBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
