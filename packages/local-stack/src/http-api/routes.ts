import type { ServerlessConfig } from '../template';

/** One `httpApi` event of serverless.yml: `METHOD /path/{param}` → function. */
export interface Route {
  method: string;
  path: string;
  functionKey: string;
  segments: string[];
  /** The route's JWT authorizer (`authorizer: cognito` or `{ name, scopes }`), run before the function. */
  authorizer?: { name: string; scopes: string[] };
}

interface HttpApiEvent {
  method?: string;
  path?: string;
  authorizer?: string | { name?: string; scopes?: string[] };
}

function authorizerOf(event: HttpApiEvent): Route['authorizer'] {
  const { authorizer } = event;
  if (authorizer === undefined) return undefined;
  if (typeof authorizer === 'string') return { name: authorizer, scopes: [] };
  if (!authorizer.name)
    throw new Error('an httpApi authorizer without a name (the local HTTP API runs named JWT authorizers)');
  return { name: authorizer.name, scopes: authorizer.scopes ?? [] };
}

/** The HTTP API's routes, read from the functions' `httpApi` events (one source of truth). */
export function routesFromConfig(config: ServerlessConfig): Route[] {
  const routes: Route[] = [];
  for (const [functionKey, fn] of Object.entries(config.functions)) {
    for (const event of fn.events ?? []) {
      const httpApi = event.httpApi as HttpApiEvent | string | undefined;
      if (httpApi === undefined) continue;
      const [method = '*', path = '/'] =
        typeof httpApi === 'string' ? httpApi.split(' ') : [httpApi.method ?? '*', httpApi.path ?? '/'];
      const authorizer = typeof httpApi === 'string' ? undefined : authorizerOf(httpApi);
      routes.push({
        method: method.toUpperCase(),
        path,
        functionKey,
        segments: path.split('/').slice(1),
        ...(authorizer ? { authorizer } : {}),
      });
    }
  }
  return routes;
}

function segmentsMatch(template: string[], actual: string[]): boolean {
  for (let i = 0; i < template.length; i++) {
    const t = template[i] ?? '';
    if (/^\{[^}]+\+\}$/.test(t)) return actual.length > i; // greedy {proxy+}
    const a = actual[i];
    if (a === undefined) return false;
    if (/^\{[^}]+\}$/.test(t)) {
      if (a === '') return false;
      continue;
    }
    if (t !== a) return false;
  }
  return template.length === actual.length;
}

/**
 * The route for a request, as the HTTP API picks it: exact path segments first, then parameters;
 * `decodedSegments` are the request path's segments, percent-decoded.
 */
export function matchRoute(routes: Route[], method: string, decodedSegments: string[]): Route | undefined {
  const candidates = routes.filter(
    (r) =>
      (r.method === method || r.method === '*' || r.method === 'ANY') &&
      segmentsMatch(r.segments, decodedSegments),
  );
  const literalCount = (r: Route) => r.segments.filter((s) => !s.startsWith('{')).length;
  return candidates.sort((x, y) => literalCount(y) - literalCount(x))[0];
}
