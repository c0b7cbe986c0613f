import {
  authorDirectoryFromUsers,
  createPostService,
  DynamoDbMediaRepository,
  DynamoDbPostRepository,
} from '@app/core/posts';
import { DynamoDbTodoRepository } from '@app/core/todos';
import { type DeleteAccountDeps, DynamoDbIdempotencyStore, deleteAccount } from '@app/core/users';
import { type ApiRequest, type AuthContext, httpConfig, httpHandler } from '@app/http';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CognitoAccountDirectory, S3AccountObjectStore } from './account-stores';
import { dynamo } from './aws-clients';
import { config } from './config';
import { users } from './profiles';

/** The user pool's id is the last path segment of its issuer URL (AWS and the local stack alike). */
function userPoolIdOf(issuer: string): string {
  return new URL(issuer).pathname.replace(/^\/+|\/+$/g, '');
}

const s3 = new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true' });
const objects = new S3AccountObjectStore(s3, { files: config.FILES_BUCKET, media: config.MEDIA_BUCKET });

function wire(): DeleteAccountDeps {
  const media = new DynamoDbMediaRepository(dynamo, config.POSTS_TABLE);
  return {
    todos: new DynamoDbTodoRepository({ client: new DynamoDBClient({}), tableName: config.TODOS_TABLE }),
    // The posts use cases themselves, so a post goes with its slug and cover images as on DELETE /posts/{id}.
    posts: createPostService({
      posts: new DynamoDbPostRepository(dynamo, config.POSTS_TABLE),
      media,
      authors: authorDirectoryFromUsers(users),
      files: { deleteObjects: (keys) => objects.deleteKeys('media', keys) },
    }),
    media,
    objects,
    users,
    emails: new DynamoDbIdempotencyStore(dynamo, config.IDEMPOTENCY_TABLE),
    directory: new CognitoAccountDirectory(
      new CognitoIdentityProviderClient({}),
      userPoolIdOf(httpConfig().jwtIssuer),
    ),
  };
}

let deps: DeleteAccountDeps | undefined;

/** DELETE /me: the account and everything in it (SPEC §4). */
export const deleteMe = async ({ auth }: ApiRequest<AuthContext>) => {
  deps ??= wire();
  await deleteAccount(deps, auth.userId);
  return { status: 204 };
};

export const handler = httpHandler(deleteMe, { auth: 'required' });
