import type { WebConfig } from '@app/core/web-config';

export type { WebConfig };

/** From the CloudFormation outputs of a deployed stage (serverless.yml `Outputs`). */
export function webConfigFromOutputs(outputs: Record<string, string>, region: string): WebConfig {
  const need = (name: string) => {
    const value = outputs[name];
    if (!value) throw new Error(`The stack has no output ${name}; deploy the current serverless.yml first`);
    return value;
  };
  return {
    region,
    apiUrl: need('WebApiUrl'),
    userPoolId: need('UserPoolId'),
    userPoolClientId: need('UserPoolClientId'),
    identityPoolId: need('IdentityPoolId'),
    buckets: { files: need('FilesBucketName'), media: need('MediaBucketName') },
    mediaPublicUrl: need('WebMediaPublicUrl'),
  };
}

/** What the local stack's `stack.json` holds that the web app needs. */
export interface LocalStackOutputs {
  region: string;
  webUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  buckets: { files: string; media: string };
  cognitoIdpEndpoint: string;
  cognitoIdentityEndpoint: string;
  s3Endpoint: string;
  mailboxUrl: string;
}

/** The local stack's config.json: production's shape (API and thumbnails on the edge) + local endpoints. */
export function webConfigFromLocalStack(info: LocalStackOutputs): WebConfig {
  return {
    region: info.region,
    apiUrl: `${info.webUrl}/api`,
    userPoolId: info.userPoolId,
    userPoolClientId: info.userPoolClientId,
    identityPoolId: info.identityPoolId,
    buckets: { files: info.buckets.files, media: info.buckets.media },
    mediaPublicUrl: info.webUrl,
    cognitoIdpEndpoint: info.cognitoIdpEndpoint,
    cognitoIdentityEndpoint: info.cognitoIdentityEndpoint,
    s3Endpoint: info.s3Endpoint,
    mailboxUrl: info.mailboxUrl,
    local: true,
  };
}
