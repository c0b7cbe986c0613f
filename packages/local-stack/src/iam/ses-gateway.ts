import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../template';
import { type Access, createAwsGateway, type ServiceGatewayOptions, type ServiceModel } from './aws-gateway';
import type { VerifyFailure } from './sigv4-verify';

const V1_CODES: Record<VerifyFailure, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationToken',
  UnrecognizedClient: 'InvalidClientTokenId',
  InvalidSignature: 'SignatureDoesNotMatch',
  SignatureExpired: 'SignatureDoesNotMatch',
};
const V2_TYPES: Record<VerifyFailure, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  InvalidSignature: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
};

const isV2 = (req: IncomingMessage) => (req.url ?? '').startsWith('/v2/');

/** `Name <a@b>` or `a@b` → `a@b`. */
function address(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

function fromAddressOf(json: string): string {
  try {
    return String((JSON.parse(json || '{}') as { FromEmailAddress?: unknown }).FromEmailAddress ?? '');
  } catch {
    return ''; // the emulator answers the malformed body itself, if it gets that far
  }
}

function v2Error(res: ServerResponse, type: string, message: string) {
  res
    .writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': type })
    .end(JSON.stringify({ message }));
}

function v1Error(res: ServerResponse, code: string, message: string) {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  res
    .writeHead(403, { 'content-type': 'text/xml' })
    .end(
      `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escaped}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
    );
}

/**
 * SES v2 (`POST /v2/email/outbound-emails`) and v1 (`Action=SendEmail|SendRawEmail`) sends, checked
 * as SES does: `ses:SendEmail` (v1 raw: `ses:SendRawEmail`) on the sending identity — the From
 * address's identity or its domain's. Anything else through this gateway is denied.
 */
export function sesModel(region: string): ServiceModel {
  const identity = (name: string) => `arn:aws:ses:${region}:${LOCAL_ACCOUNT_ID}:identity/${name}`;
  const sendAs = (action: string, from: string): Access => {
    const addr = address(from);
    const domain = addr.split('@')[1];
    return { action, resource: identity(addr), alternatives: domain ? [identity(domain)] : [] };
  };
  return {
    accesses(req, body) {
      const text = body.toString('utf8');
      if (isV2(req)) {
        if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
          return [sendAs('ses:SendEmail', fromAddressOf(text))];
        }
        return [{ action: 'ses:Unsupported', resource: '*' }];
      }
      const form = new URLSearchParams(text);
      const action = form.get('Action') ?? '';
      if (action === 'SendEmail' || action === 'SendRawEmail')
        return [sendAs(`ses:${action}`, form.get('Source') ?? '')];
      return [{ action: `ses:${action || 'Unsupported'}`, resource: '*' }];
    },
    denied: (res, message) => {
      const req = res.req;
      if (req && isV2(req)) v2Error(res, 'AccessDeniedException', message);
      else v1Error(res, 'AccessDenied', message);
    },
    unauthenticated: (res, failure, message) => {
      const req = res.req;
      if (req && isV2(req)) v2Error(res, V2_TYPES[failure], message);
      else v1Error(res, V1_CODES[failure], message);
    },
  };
}

/** The SES emulator behind SigV4 and each function's IAM role (see createAwsGateway). */
export function createSesGateway(opts: ServiceGatewayOptions) {
  return createAwsGateway({ ...opts, model: sesModel(opts.region) });
}
