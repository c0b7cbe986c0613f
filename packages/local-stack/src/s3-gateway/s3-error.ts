/** An S3 error response: serialized as `<Error><Code>…</Code><Message>…</Message>…</Error>`. */
export class S3Error extends Error {
  override readonly name = 'S3Error';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra elements AWS adds to some errors (e.g. `StringToSign` for SignatureDoesNotMatch). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const accessDenied = (message = 'Access Denied', fields: Record<string, string> = {}) =>
  new S3Error('AccessDenied', message, 403, fields);

export const invalidArgument = (message: string, fields: Record<string, string> = {}) =>
  new S3Error('InvalidArgument', message, 400, fields);

export const authorizationHeaderMalformed = (message: string, fields: Record<string, string> = {}) =>
  new S3Error(
    'AuthorizationHeaderMalformed',
    `The authorization header is malformed; ${message}`,
    400,
    fields,
  );

export const authorizationQueryParametersError = (message: string) =>
  new S3Error('AuthorizationQueryParametersError', message, 400);

export const signatureDoesNotMatch = (fields: Record<string, string> = {}) =>
  new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
    fields,
  );

export const credentialError = (
  code: 'InvalidAccessKeyId' | 'ExpiredToken' | 'InvalidToken',
  accessKeyId: string,
) => {
  switch (code) {
    case 'InvalidAccessKeyId':
      return new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
        { AWSAccessKeyId: accessKeyId },
      );
    case 'ExpiredToken':
      return new S3Error('ExpiredToken', 'The provided token has expired.', 400);
    case 'InvalidToken':
      return new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
  }
};

export const incompleteBody = (message = 'The request body terminated unexpectedly') =>
  new S3Error('IncompleteBody', message, 400);

export const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

export function errorXml(error: S3Error, requestId: string, resource?: string): string {
  const fields = Object.entries(error.fields)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const resourceXml = resource ? `<Resource>${escapeXml(resource)}</Resource>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${fields}${resourceXml}` +
    `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`
  );
}
