/**
 * The web app's runtime settings (`/config.json`): written by a deploy (from the stack's outputs) or
 * by the local stack, read by the web app. Production's shape everywhere; the optional fields are the
 * local stack's own endpoints. No imports: the web app uses this type too.
 * A type, not an interface: it fits where any JSON record is taken (the local stack's `/config.json`).
 */
export type WebConfig = {
  region: string;
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  buckets: { files: string; media: string };
  mediaPublicUrl: string;
  cognitoIdpEndpoint?: string;
  cognitoIdentityEndpoint?: string;
  s3Endpoint?: string;
  mailboxUrl?: string;
  local?: boolean;
};
