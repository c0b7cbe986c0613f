import {
  createCognitoClient,
  createDocumentClient,
  createDynamoDbClient,
  createS3Client,
  createSesClient,
} from '@app/core/aws-clients';
import { DynamoDbMediaRepository } from '@app/core/posts';
import { DynamoDbTodoRepository } from '@app/core/todos';
import {
  DynamoDbUserRepository,
  DynamoDbWelcomeEmailRecords,
  dynamoDbWelcomeEmailPersistence,
  welcomeEmailOnce as once,
} from '@app/core/users';
import { CognitoIdentityLookup, identityOf, type TokenCaller } from '@app/core/users/cognito-identity-lookup';
import { SesEmailSender } from '@app/core/users/ses-email-sender';
import { httpConfig } from '@app/http';
import { CognitoAccountDirectory, S3AccountObjectStore } from './account-stores';
import { config } from './config';

// config → clients → repositories → use-case deps, built once per container. Every export is
// pure (`@__PURE__`, config read into locals first), so a function's bundle keeps only what its
// handler uses (SES in sendWelcomeEmail only, Cognito in the /me routes only).
const { USERS_TABLE, IDEMPOTENCY_TABLE, APP_URL, MAIL_FROM } = config;
const { TODOS_TABLE, POSTS_TABLE, FILES_BUCKET, MEDIA_BUCKET, S3_FORCE_PATH_STYLE } = config;
// Short timeouts: the Cognito trigger has 5 s in all, and a hung request should fail and be retried.
const timeouts = { connectionTimeout: 1_000, requestTimeout: 3_000 };
const dynamo = /* @__PURE__ */ createDynamoDbClient(timeouts);
const db = /* @__PURE__ */ createDocumentClient(timeouts, dynamo);

export const userRepository = /* @__PURE__ */ new DynamoDbUserRepository(db, USERS_TABLE);

const cognitoClient = /* @__PURE__ */ createCognitoClient(timeouts);
const cognito = /* @__PURE__ */ new CognitoIdentityLookup(cognitoClient);

/** Who the verified caller is, asked only when their profile must be created. */
export const identify = (caller: TokenCaller) => identityOf(cognito, caller);

/** Sends a user's welcome email at most once (Powertools Idempotency on the idempotency table). */
export const welcomeEmailOnce = /* @__PURE__ */ once({
  persistence: /* @__PURE__ */ dynamoDbWelcomeEmailPersistence(dynamo, IDEMPOTENCY_TABLE),
  sender: /* @__PURE__ */ new SesEmailSender(
    /* @__PURE__ */ createSesClient({ maxAttempts: 2, connectionTimeout: 2_000, requestTimeout: 5_000 }),
  ),
  settings: { appUrl: APP_URL, from: MAIL_FROM },
});

/** The user pool's id is the last path segment of its issuer URL (AWS and the local stack alike). */
function userPoolIdOf(issuer: string): string {
  return new URL(issuer).pathname.replace(/^\/+|\/+$/g, '');
}

function buildAccountDeps() {
  const s3 = createS3Client({ forcePathStyle: S3_FORCE_PATH_STYLE });
  return {
    tables: { db, postsTable: POSTS_TABLE, usersTable: USERS_TABLE },
    todos: new DynamoDbTodoRepository(db, TODOS_TABLE),
    media: new DynamoDbMediaRepository(db, POSTS_TABLE),
    objects: new S3AccountObjectStore(s3, { files: FILES_BUCKET, media: MEDIA_BUCKET }),
    users: userRepository,
    emails: new DynamoDbWelcomeEmailRecords(db, IDEMPOTENCY_TABLE),
    directory: new CognitoAccountDirectory(cognitoClient, userPoolIdOf(httpConfig().jwtIssuer)),
  };
}

let account: ReturnType<typeof buildAccountDeps> | undefined;

/** What DELETE /me needs: every table and bucket holding a user's data (built on first use). */
export function accountDeps() {
  account ??= buildAccountDeps();
  return account;
}
