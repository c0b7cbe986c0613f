import { performance } from 'node:perf_hooks';
import { apiClient } from '../test/support/api';
import { createUser } from '../test/support/users';
import { benchStack } from './support';

const LEVELS = [50, 200];

interface Sample {
  ms: number;
  ok: boolean;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

async function burst(n: number, call: (i: number) => Promise<number>, okStatus: number): Promise<Sample[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t = performance.now();
      const status = await call(i).catch(() => 0);
      return { ms: performance.now() - t, ok: status === okStatus };
    }),
  );
}

export async function run(): Promise<string> {
  const bench = await benchStack('bench-concurrency');
  const stack = bench.info;
  try {
    const user = await createUser(stack);
    const api = apiClient(stack, user.accessToken);
    const todo = await api<{ id: string }>('POST', '/todos', { body: { title: 'bench' } });
    if (todo.status !== 201) throw new Error(`POST /todos → ${todo.status}`);
    const routes: [string, (i: number) => Promise<number>, number][] = [
      ['GET /health (baseline)', async () => (await api('GET', '/health', { token: null })).status, 200],
      ['GET /todos/{id}', async () => (await api('GET', `/todos/${todo.body.id}`)).status, 200],
      [
        'PATCH /todos/{id}',
        async (i) => (await api('PATCH', `/todos/${todo.body.id}`, { body: { title: `t${i}` } })).status,
        200,
      ],
    ];
    // Warm the workers once (cold starts are not what this measures).
    for (const [, call] of routes) await burst(4, call, 0);
    const rows: string[] = [];
    for (const n of LEVELS) {
      let baseline = Number.NaN;
      for (const [name, call, okStatus] of routes) {
        const started = performance.now();
        const samples = await burst(n, call, okStatus);
        const wall = performance.now() - started;
        const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
        const p50 = quantile(sorted, 0.5);
        const p99 = quantile(sorted, 0.99);
        if (name.includes('baseline')) baseline = p50;
        const errors = samples.filter((s) => !s.ok).length;
        rows.push(
          `| ${n} | ${name} | ${p50.toFixed(0)} | ${p99.toFixed(0)} | ${errors} | ${wall.toFixed(0)} | ${(p50 / baseline).toFixed(2)}× |`,
        );
      }
    }
    return [
      '## Concurrent requests on one route',
      '',
      'N requests sent at once to one route of a local stack (`bench/concurrency.ts`). The HTTP API front bounds each',
      'function to `LOCAL_STACK_LAMBDA_CONCURRENCY` (default 2) warm workers and queues the rest, as reserved concurrency',
      'would; an error is any answer other than the route’s success status (a timeout would show as 503).',
      '',
      '| N | route | p50 ms | p99 ms | errors | wall ms | p50 vs GET /health |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    await bench.stop();
  }
}
