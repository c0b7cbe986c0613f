// packages/core/src/cursor.ts
import { createHash } from "node:crypto";
import * as z from "zod";

// packages/core/src/errors.ts
var DomainError = class extends Error {
  /** Message and details are safe to return to the caller. */
  expose = true;
  details;
  #code;
  constructor(message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
    this.#code = options.code;
  }
  get code() {
    return this.#code ?? this.defaultCode;
  }
};
var ValidationError = class extends DomainError {
  status = 400;
  defaultCode = "validation_failed";
};
var UnauthorizedError = class extends DomainError {
  status = 401;
  defaultCode = "unauthorized";
};
var PayloadTooLargeError = class extends DomainError {
  status = 413;
  defaultCode = "payload_too_large";
};

// packages/core/src/ids.ts
import { isValid, monotonicFactory } from "ulid";
var nextUlid = monotonicFactory();
function isId(value) {
  return value.length === 26 && value === value.toUpperCase() && isValid(value);
}

// packages/core/src/cursor.ts
var cursorSchema = z.strictObject({
  v: z.literal(1),
  l: z.string(),
  f: z.string().optional(),
  o: z.string().optional(),
  id: z.string().refine(isId),
  at: z.iso.datetime().optional()
});

// packages/core/src/env.ts
import * as z2 from "zod";
function readEnv(shape, env = process.env) {
  const result = z2.object(shape).safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${names}`);
  }
  return result.data;
}
var optionalUrl = z2.string().optional().transform((v) => v ? v : void 0);
var booleanFlag = z2.string().optional().transform((v) => v === "true" || v === "1");

// packages/core/src/limits.ts
var PAGE_SIZE_MAX = 100;

// packages/core/src/text.ts
import * as z3 from "zod";
var emptyAsAbsent = (v) => v === "" ? void 0 : v;
var limitMessage = `limit must be a whole number from 1 to ${PAGE_SIZE_MAX}`;
var pageQueryFields = {
  limit: z3.preprocess(
    emptyAsAbsent,
    z3.string().regex(/^\d{1,3}$/, limitMessage).transform(Number).pipe(z3.number().min(1, limitMessage).max(PAGE_SIZE_MAX, limitMessage)).optional()
  ),
  cursor: z3.preprocess(emptyAsAbsent, z3.string().optional())
};

// packages/http/src/auth.ts
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
function createTokenVerifier(options) {
  const issuer = options.issuer.replace(/\/$/, "");
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
    cooldownDuration: 3e4,
    cacheMaxAge: 10 * 6e4
  });
  return async function verify(token) {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer, algorithms: ["RS256"], clockTolerance: 5 }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new UnauthorizedError("Your session has expired: sign in again");
      }
      if (error instanceof errors.JOSEError || error instanceof TypeError) {
        throw new UnauthorizedError("Invalid token");
      }
      throw error;
    }
    const tokenUse = payload.token_use;
    if (tokenUse === "access") {
      if (payload.client_id !== options.clientId)
        throw new UnauthorizedError("Token is for another app client");
    } else if (tokenUse === "id") {
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!aud.includes(options.clientId)) throw new UnauthorizedError("Token is for another app client");
    } else {
      throw new UnauthorizedError("Not a Cognito access or ID token");
    }
    if (typeof payload.sub !== "string" || payload.sub === "")
      throw new UnauthorizedError("Token has no subject");
    const username = payload["cognito:username"] ?? payload.username;
    return {
      userId: payload.sub,
      email: typeof payload.email === "string" ? payload.email : void 0,
      username: typeof username === "string" ? username : void 0,
      tokenUse,
      token
    };
  };
}
function bearerToken(header) {
  if (!header) return void 0;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(header);
  return match?.[1];
}

// packages/http/src/config.ts
import * as z4 from "zod";
var cached;
function httpConfig() {
  if (!cached) {
    const env = readEnv({
      JWT_ISSUER: z4.string().url(),
      USER_POOL_CLIENT_ID: z4.string().min(1),
      WEB_ORIGIN: z4.string().min(1)
    });
    cached = {
      jwtIssuer: env.JWT_ISSUER,
      userPoolClientId: env.USER_POOL_CLIENT_ID,
      webOrigin: env.WEB_ORIGIN
    };
  }
  return cached;
}

// packages/http/src/error-mapper.ts
var INTERNAL = {
  error: { code: "internal_error", message: "Something went wrong on our side. Please try again." }
};
function mapError(error) {
  if (!(error instanceof DomainError) || !error.expose)
    return { status: 500, body: INTERNAL, expected: false };
  const body = { error: { code: error.code, message: error.message } };
  if (error.details !== void 0) body.error.details = error.details;
  return { status: error.status, body, expected: true };
}

// packages/http/src/etag.ts
import { createHash as createHash2 } from "node:crypto";
function etagOf(serialized) {
  return `"${createHash2("sha256").update(serialized).digest("base64url").slice(0, 27)}"`;
}
function ifNoneMatchMatches(header, etag) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === bare);
}

// packages/http/src/lambda-handler.ts
import { Logger as Logger2 } from "@aws-lambda-powertools/logger";

// packages/http/src/logger.ts
import { Logger } from "@aws-lambda-powertools/logger";
var logger = new Logger();

// packages/http/src/lambda-handler.ts
function lambdaHandler(fn) {
  return async (event, context) => {
    if (context) Logger2.injectLambdaContextBefore(logger, event, context, { resetKeys: true });
    try {
      return await fn(event, context);
    } finally {
      logger.resetKeys();
    }
  };
}

// packages/http/src/handler.ts
var verifier;
function getVerifier() {
  if (!verifier) {
    const { jwtIssuer, userPoolClientId } = httpConfig();
    verifier = createTokenVerifier({ issuer: jwtIssuer, clientId: userPoolClientId });
  }
  return verifier;
}
async function authenticate(mode, header) {
  if (mode === "none") return void 0;
  const token = bearerToken(header);
  if (!token) {
    if (mode === "required")
      throw new UnauthorizedError("Sign in required: missing Authorization bearer token");
    return void 0;
  }
  return getVerifier()(token);
}
function parseBody(event, maxBytes) {
  if (event.body === void 0 || event.body === null || event.body === "") return void 0;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  if (Buffer.byteLength(raw, "utf8") > maxBytes) {
    throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError("Request body is not valid JSON", { code: "invalid_json" });
  }
}
function lowerCaseHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
function httpHandler(fn, options) {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  return lambdaHandler(
    async (event, context) => {
      const headers = lowerCaseHeaders(event.headers);
      const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? "local";
      const started = Date.now();
      const route = `${event.requestContext?.http?.method ?? "?"} ${event.rawPath ?? ""}`;
      logger.appendKeys({ requestId, route });
      let userId;
      try {
        const auth = await authenticate(options.auth, headers.authorization);
        userId = auth?.userId;
        if (userId) logger.appendKeys({ userId });
        const body = parseBody(event, maxBodyBytes);
        const result = await fn({
          body,
          auth,
          pathParameters: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
          headers,
          requestId
        });
        const response = toResponse(result, headers);
        logger.info("request", { status: response.statusCode, ms: Date.now() - started });
        return response;
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.expected) {
          logger.info("request rejected", {
            status: mapped.status,
            code: mapped.body.error.code,
            ms: Date.now() - started
          });
        } else {
          logger.error("request failed", { error, ms: Date.now() - started });
        }
        return {
          statusCode: mapped.status,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(mapped.body)
        };
      }
    }
  );
}
function toResponse(result, requestHeaders) {
  const headers = { ...result.headers };
  if (result.body === void 0) return { statusCode: result.status, headers };
  const serialized = JSON.stringify(result.body);
  headers["content-type"] = "application/json";
  if (result.etag) {
    const etag = etagOf(serialized);
    headers.etag = etag;
    if (ifNoneMatchMatches(requestHeaders["if-none-match"], etag)) {
      return { statusCode: 304, headers };
    }
  }
  return { statusCode: result.status, headers, body: serialized };
}

// services/api/src/get-health.ts
async function getHealth() {
  return { status: 200, body: { status: "ok" } };
}
var handler = httpHandler(getHealth, { auth: "none" });
export {
  getHealth,
  handler
};
