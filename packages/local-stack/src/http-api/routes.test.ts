/**
 * The HTTP API's authorizers and the handlers agree (serverless.yml printed for the local stage):
 * a handler that requires sign-in trusts the claims API Gateway's JWT authorizer put on the event,
 * so each of its routes must have one; a route with optional or no sign-in must not (the
 * authorizer would refuse anonymous callers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { loadServerlessConfig, type ServerlessConfig } from '../template';
import { routesFromConfig } from './routes';

let config: ServerlessConfig;

// `serverless print` takes seconds, more while the other unit tests run beside it.
beforeAll(async () => {
  config = await loadServerlessConfig('local', process.env);
}, 60_000);

/** The `auth` mode the function's handler module passes to `httpHandler`. */
function handlerAuthMode(handler: string): string | undefined {
  const source = readFileSync(join(repoRoot, `${handler.replace(/\.[^.]+$/, '')}.ts`), 'utf8');
  return /\bauth: '(required|optional|none)'/.exec(source)?.[1];
}

describe('routes and authorizers', () => {
  it('every route of a handler with auth "required" has the cognito authorizer, and no other route has one', () => {
    const routes = routesFromConfig(config);
    expect(routes.length).toBeGreaterThan(15);
    const mismatches = routes.flatMap((route) => {
      const fn = config.functions[route.functionKey];
      const mode = fn ? handlerAuthMode(fn.handler) : undefined;
      const expected = mode === 'required' ? 'cognito' : undefined;
      return route.authorizer?.name === expected
        ? []
        : [`${route.method} ${route.path} (${mode}): ${route.authorizer?.name}`];
    });
    expect(mismatches).toEqual([]);
  });

  it('reads an authorizer given by name or as { name, scopes }', () => {
    const routes = routesFromConfig({
      functions: {
        a: {
          handler: 'a.handler',
          events: [{ httpApi: { method: 'get', path: '/a', authorizer: 'cognito' } }],
        },
        b: {
          handler: 'b.handler',
          events: [
            { httpApi: { method: 'get', path: '/b', authorizer: { name: 'cognito', scopes: ['x'] } } },
          ],
        },
        c: { handler: 'c.handler', events: [{ httpApi: 'GET /c' }] },
      },
    } as unknown as ServerlessConfig);
    expect(routes.map((r) => r.authorizer)).toEqual([
      { name: 'cognito', scopes: [] },
      { name: 'cognito', scopes: ['x'] },
      undefined,
    ]);
  });
});
