import { readEnv } from '@app/core';
import * as z from '@app/core/zod';

let cached: { jwtIssuer: string; userPoolClientId: string; webOrigin: string } | undefined;

/** The HTTP layer's settings, read from the environment once and validated (fails fast). */
export function httpConfig() {
  if (!cached) {
    const env = readEnv({
      JWT_ISSUER: z.url(),
      USER_POOL_CLIENT_ID: z.string().check(z.minLength(1)),
      WEB_ORIGIN: z.string().check(z.minLength(1)),
    });
    cached = {
      jwtIssuer: env.JWT_ISSUER,
      userPoolClientId: env.USER_POOL_CLIENT_ID,
      webOrigin: env.WEB_ORIGIN,
    };
  }
  return cached;
}
