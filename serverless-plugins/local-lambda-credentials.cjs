'use strict';

/**
 * Local stage only: gives each function the credentials of its own role, so the local stack's
 * gateways (S3, DynamoDB, SES) can check every AWS call against that function's `iamRoleStatements`.
 *
 * `npm start` (packages/local-stack) derives one key pair per function and passes them as JSON in
 * LOCAL_LAMBDA_CREDENTIALS (`{ "<functionKey>": { "accessKeyId", "secretAccessKey" } }`). Before
 * serverless-offline builds its Lambdas, this sets them as that function's AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY (function environment wins over the process environment in serverless-offline).
 * Any other command, and offline without that variable, leaves the service untouched: these reserved
 * variables never reach a deployed template.
 */
class LocalLambdaCredentials {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:offline:start:init': () => this.apply() };
  }

  apply() {
    const raw = process.env.LOCAL_LAMBDA_CREDENTIALS;
    if (!raw) return;
    const credentials = JSON.parse(raw);
    const functions = this.serverless.service.functions ?? {};
    for (const [key, fn] of Object.entries(functions)) {
      const own = credentials[key];
      if (!own) throw new Error(`LOCAL_LAMBDA_CREDENTIALS has no credentials for function ${key}`);
      fn.environment = {
        ...fn.environment,
        AWS_ACCESS_KEY_ID: own.accessKeyId,
        AWS_SECRET_ACCESS_KEY: own.secretAccessKey,
        AWS_SESSION_TOKEN: '',
      };
    }
  }
}

module.exports = LocalLambdaCredentials;
