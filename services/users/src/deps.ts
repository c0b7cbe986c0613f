import { createCognitoClient, createDocumentClient, createSesClient } from '@app/core/aws-clients';
import { DynamoDbIdempotencyStore, DynamoDbUserRepository } from '@app/core/users';
import { CognitoIdentityLookup, identityOf, type TokenCaller } from '@app/core/users/cognito-identity-lookup';
import { SesEmailSender } from '@app/core/users/ses-email-sender';
import { config } from './config';

// config → clients → repositories → use-case deps, built once per container. Every export is
// pure (`@__PURE__`, config read into locals first), so a function's bundle keeps only what its
// handler uses (SES in sendWelcomeEmail only, Cognito in the /me routes only).
const { USERS_TABLE, IDEMPOTENCY_TABLE, APP_URL, MAIL_FROM, STAGE } = config;
// Short timeouts: the Cognito trigger has 5 s in all, and a hung request should fail and be retried.
const timeouts = { connectionTimeout: 1_000, requestTimeout: 3_000 };
const db = /* @__PURE__ */ createDocumentClient(timeouts);

export const userRepository = /* @__PURE__ */ new DynamoDbUserRepository(db, USERS_TABLE);

const cognito = /* @__PURE__ */ new CognitoIdentityLookup(/* @__PURE__ */ createCognitoClient(timeouts));

/** Who the verified caller is, asked only when their profile must be created. */
export const identify = (caller: TokenCaller) => identityOf(cognito, caller);

export const stage = STAGE;

/** The idempotency table, for side effects that must happen once. */
export const idempotencyStore = /* @__PURE__ */ new DynamoDbIdempotencyStore(db, IDEMPOTENCY_TABLE);

export const emailSender = /* @__PURE__ */ new SesEmailSender(
  /* @__PURE__ */ createSesClient({ maxAttempts: 2, connectionTimeout: 2_000, requestTimeout: 5_000 }),
);

export const welcomeEmailSettings = { appUrl: APP_URL, from: MAIL_FROM };
