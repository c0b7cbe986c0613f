import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, inject, it } from 'vitest';

/**
 * Every AWS call a local Lambda makes is signed with its own function's key and checked against
 * that function's `iamRoleStatements` (serverless.yml) by the gateways the Lambdas use, which
 * answer a denial exactly as DynamoDB and SES do. These calls use the functions' own keys from
 * stack.json, as the Lambdas do.
 */

const stack = inject('stack');
const ACCOUNT = '000000000000';

function dynamoAs(fn: string, secret?: string) {
  const own = stack.lambdaCredentials[fn];
  if (!own) throw new Error(`no credentials for ${fn}`);
  return new DynamoDBClient({
    endpoint: stack.lambdaDynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: own.accessKeyId, secretAccessKey: secret ?? own.secretAccessKey },
    maxAttempts: 1,
  });
}

function sesAs(fn: string) {
  return new SESv2Client({
    endpoint: stack.lambdaSesEndpoint,
    region: stack.region,
    credentials: stack.lambdaCredentials[fn],
    maxAttempts: 1,
  });
}

const tableArn = (table: string) => `arn:aws:dynamodb:${stack.region}:${ACCOUNT}:table/${table}`;
const sessionArn = (fn: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/mytodolist-myblog-local-${fn}-${stack.region}-lambdaRole/mytodolist-myblog-local-${fn}`;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to be refused');
}

const todosTable = () => stack.tables.todos as string;
const postsTable = () => stack.tables.posts as string;
const key = { userId: { S: 'nobody' }, todoId: { S: '01J00000000000000000000000' } };

describe('DynamoDB calls are checked against each function’s role', () => {
  it('getHealth cannot read a table: AccessDeniedException, AWS’s message', async () => {
    const denied = await failure(
      dynamoAs('getHealth').send(new GetItemCommand({ TableName: todosTable(), Key: key })),
    );
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${sessionArn('getHealth')} is not authorized to perform: dynamodb:GetItem on resource: ${tableArn(todosTable())} because no identity-based policy allows the dynamodb:GetItem action`,
    });
  });

  it('listPosts reads the published index but cannot write', async () => {
    const reader = dynamoAs('listPosts');
    const page = await reader.send(
      new QueryCommand({
        TableName: postsTable(),
        IndexName: 'published',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'nothing-here' } },
      }),
    );
    expect(page.Items).toEqual([]);
    const denied = await failure(
      reader.send(new PutItemCommand({ TableName: postsTable(), Item: { pk: { S: 'x' }, sk: { S: 'y' } } })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('dynamodb:PutItem');
  });

  it('createTodo may put todos (and only into its table)', async () => {
    const writer = dynamoAs('createTodo');
    await writer.send(new PutItemCommand({ TableName: todosTable(), Item: key }));
    const denied = await failure(
      writer.send(new PutItemCommand({ TableName: postsTable(), Item: { pk: { S: 'x' }, sk: { S: 'y' } } })),
    );
    expect(denied.name).toBe('AccessDeniedException');
  });

  it('refuses a wrong secret and an unknown key as DynamoDB does', async () => {
    const wrongSecret = await failure(
      dynamoAs('createTodo', 'not-the-secret').send(
        new GetItemCommand({ TableName: todosTable(), Key: key }),
      ),
    );
    expect([wrongSecret.name, wrongSecret.status]).toEqual(['InvalidSignatureException', 400]);
    const stranger = new DynamoDBClient({
      endpoint: stack.lambdaDynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const unknown = await failure(stranger.send(new GetItemCommand({ TableName: todosTable(), Key: key })));
    expect([unknown.name, unknown.status]).toEqual(['UnrecognizedClientException', 400]);
  });
});

describe('SES calls are checked against each function’s role', () => {
  const email = (from: string) =>
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: ['someone@example.com'] },
      Content: { Simple: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hi' } } } },
    });
  const mailFrom = 'no-reply@mytodolist.local';

  it('sendWelcomeEmail sends as the sender identity, and as no one else', async () => {
    const sent = await sesAs('sendWelcomeEmail').send(email(mailFrom));
    expect(sent.MessageId).toBeTruthy();
    const denied = await failure(sesAs('sendWelcomeEmail').send(email('ceo@elsewhere.example')));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.status).toBe(403);
  });

  it('getHealth cannot send email', async () => {
    const denied = await failure(sesAs('getHealth').send(email(mailFrom)));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(
      `${sessionArn('getHealth')} is not authorized to perform: ses:SendEmail`,
    );
  });
});

function s3As(fn: string) {
  return new S3Client({
    endpoint: stack.s3Endpoint,
    region: stack.region,
    forcePathStyle: true,
    credentials: stack.lambdaCredentials[fn],
    maxAttempts: 1,
  });
}

describe('S3 calls are checked against each function’s role', () => {
  const upload = `uploads/lambda-iam-${Date.now().toString(36)}/photo.jpg`;

  it('makeThumbnails writes thumbnails/ and tags uploads; syncPostMedia tags and deletes; the API touches nothing', async () => {
    const maker = s3As('makeThumbnails');
    const media = stack.buckets.media as string;
    await maker.send(
      new PutObjectCommand({ Bucket: media, Key: upload.replace('uploads/', 'thumbnails/'), Body: 'x' }),
    );
    // The thumbnail maker may not write uploads/: the object is put here with the deployer's key.
    const deployer = new S3Client({
      endpoint: stack.s3Endpoint,
      region: stack.region,
      forcePathStyle: true,
      credentials: stack.deployerCredentials,
    });
    await deployer.send(new PutObjectCommand({ Bucket: media, Key: upload, Body: 'jpeg bytes' }));
    const tag = (fn: string) =>
      s3As(fn).send(
        new PutObjectTaggingCommand({
          Bucket: media,
          Key: upload,
          Tagging: { TagSet: [{ Key: 'post', Value: 'used' }] },
        }),
      );
    await tag('makeThumbnails');
    await tag('syncPostMedia');
    for (const fn of ['getHealth', 'listPosts', 'createPost', 'deletePost']) {
      const read = await failure(s3As(fn).send(new GetObjectCommand({ Bucket: media, Key: upload })));
      expect([fn, read.name, read.status]).toEqual([fn, 'AccessDenied', 403]);
      const del = await failure(s3As(fn).send(new DeleteObjectCommand({ Bucket: media, Key: upload })));
      expect([fn, del.name]).toEqual([fn, 'AccessDenied']);
    }
    // syncPostMedia tags covers and deletes a removed post's files; it cannot read them.
    const read = await failure(
      s3As('syncPostMedia').send(new GetObjectCommand({ Bucket: media, Key: upload })),
    );
    expect(read.name).toBe('AccessDenied');
    // The API's post writers touch no object: the posts stream does (syncPostMedia).
    for (const fn of ['getPost', 'createPost', 'updatePost', 'deletePost']) {
      expect([fn, (await failure(tag(fn))).name]).toEqual([fn, 'AccessDenied']);
    }
    await s3As('syncPostMedia').send(new DeleteObjectCommand({ Bucket: media, Key: upload }));
  });
});

describe('Cognito admin calls are checked against each function’s role', () => {
  const cognitoAs = (fn: string) =>
    new CognitoIdentityProviderClient({
      endpoint: stack.lambdaCognitoIdpEndpoint,
      region: stack.region,
      credentials: stack.lambdaCredentials[fn],
      maxAttempts: 1,
    });
  const remove = (fn: string, userPoolId = stack.userPoolId) =>
    cognitoAs(fn).send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: 'nobody-at-all' }));

  it('deleteMe may delete users of its own pool only; getMe may not delete users', async () => {
    // Past the IAM check, the pool answers for the user itself.
    await expect(remove('deleteMe')).rejects.toBeInstanceOf(UserNotFoundException);
    const otherPool = await failure(remove('deleteMe', 'us-east-1_SomeOtherPool'));
    expect(otherPool.name).toBe('AccessDeniedException');
    const denied = await failure(remove('getMe'));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(
      `${sessionArn('getMe')} is not authorized to perform: cognito-idp:AdminDeleteUser`,
    );
  });
});
