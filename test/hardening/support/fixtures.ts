import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackInfo } from '@app/local-stack';
import { S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import type { apiClient } from '../../support/api';
import type { TestUser } from '../../support/users';

export interface Route {
  method: string;
  path: string;
  auth: boolean;
}

/** Every HTTP route, read from serverless.yml (the one source of truth), not from a list kept here. */
export function routesFromTemplate(): Route[] {
  const yml = readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'serverless.yml'), 'utf8');
  const routes: Route[] = [];
  const pattern = /- httpApi: \{ method: (\w+), path: '?([^,'}\s]+)'?(, authorizer: (\w+))? \}/g;
  for (const match of yml.matchAll(pattern)) {
    routes.push({ method: String(match[1]), path: String(match[2]), auth: match[4] !== undefined });
  }
  if (routes.length < 10) throw new Error(`only ${routes.length} routes found in serverless.yml`);
  return routes;
}

export type Api = ReturnType<typeof apiClient>;

export interface TodoView {
  id: string;
  version: number;
  title: string;
}

export interface PostView {
  id: string;
  slug: string;
  version: number;
  status: string;
}

export async function createTodo(api: Api, user: TestUser, title = 'hardening todo'): Promise<TodoView> {
  const res = await api<TodoView>('POST', '/todos', { token: user.accessToken, body: { title } });
  if (res.status !== 201) throw new Error(`POST /todos → ${res.status} ${res.text}`);
  return res.body;
}

export async function createPost(
  api: Api,
  user: TestUser,
  status: 'draft' | 'published',
  title = `hardening ${status}`,
): Promise<PostView> {
  const res = await api<PostView>('POST', '/posts', {
    token: user.accessToken,
    body: { title, body: 'body', status },
  });
  if (res.status !== 201) throw new Error(`POST /posts → ${res.status} ${res.text}`);
  return res.body;
}

/** Identity-pool credentials and an S3 client, exactly as the web app builds them. */
export function identityS3(stack: StackInfo, user: TestUser) {
  const credentials = fromCognitoIdentityPool({
    identityPoolId: stack.identityPoolId,
    logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: user.idToken },
    clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
  });
  const s3 = new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials,
  });
  return { s3, credentials };
}

/** Runs `jobs` with at most `width` in flight (the machine has two cores shared with the stack). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await (jobs[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}
