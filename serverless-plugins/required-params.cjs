'use strict';

/**
 * Stops `serverless package` / `deploy` when a param that has no safe default was not given.
 * serverless.yml gives such params the value `REQUIRED` in its default params and lists them under
 * `custom.requiredParams` (the local stage sets its own values); a wrong default (a localhost CORS
 * origin, an unverified sender) would otherwise deploy silently.
 */
class RequiredParams {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    const check = () => this.check();
    this.hooks = { 'before:package:initialize': check, 'before:deploy:deploy': check };
  }

  check() {
    const required = this.serverless.service.custom?.requiredParams ?? {};
    const missing = Object.entries(required)
      .filter(([, value]) => value === undefined || value === null || value === '' || value === 'REQUIRED')
      .map(([name]) => name);
    if (missing.length === 0) return;
    const stage = this.options.stage ?? this.serverless.service.provider.stage;
    throw new this.serverless.classes.Error(
      `Missing required param(s) for stage "${stage}": ${missing.join(', ')}. ` +
        `Pass them, e.g. ${missing.map((name) => `--param="${name}=…"`).join(' ')} (see README, "Deploy to AWS").`,
    );
  }
}

module.exports = RequiredParams;
