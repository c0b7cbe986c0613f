import { basename } from 'node:path';
import { DynamoDbTodoRepository, statusKey, type Todo } from '@app/core/todos';
import type { StackInfo } from '@app/local-stack';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { apiClient } from '../test/support/api';
import { createUser } from '../test/support/users';
import { benchStack, printWhenMain } from './support';

const SIZES = (process.env.BENCH_TODOS_SIZES ?? '100,10000,100000').split(',').map(Number);
const USER_TODOS = 50;
const RUNS = 30;
const WARMUPS = 10;
const WARMUP_QUERIES = 2000;
/** Scan runs stop early once a size has spent this long scanning (at least MIN_SCAN_RUNS). */
const SCAN_BUDGET_MS = 60_000;
const MIN_SCAN_RUNS = 3;
const HTTP_RUNS = 10;
const LOAD_CONCURRENCY = 8;
const TODOS_PER_OTHER_USER = 10;
const TARGET_FLAT = 1.2;
/** Sizes whose projected load time would take the whole bench past this are skipped (and said so). */
const BUDGET_S = Number(process.env.BENCH_TODOS_BUDGET_S ?? 480);
/** Time for the JVM to settle (GC, SQLite) after a bulk load, before timing. */
const SETTLE_MS = 3_000;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sums ConsumedCapacity of every response through this client (Query/Scan give one object). */
function capacityMeter(client: DynamoDBClient) {
  const meter = { units: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : [consumed]) {
        meter.units += (c as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  return meter;
}

type Key = { userId: string; todoId: string };

/** A plausible row of another user: ~300 bytes, ids spread over the last year. */
function otherUsersItem(n: number) {
  const created = Date.now() - Math.floor(Math.random() * 365 * 86_400_000);
  const todoId = ulid(created);
  const done = n % 3 === 0;
  const iso = new Date(created).toISOString();
  return {
    userId: `bench-other-${Math.floor(n / TODOS_PER_OTHER_USER)}`,
    todoId,
    statusTodoId: statusKey(done, todoId),
    title: `Benchmark todo number ${n}`,
    notes: 'Some notes of a typical length: call back before Friday, bring the documents, check the invoice.',
    done,
    dueDate: n % 2 ? '2025-06-30' : null,
    createdAt: iso,
    updatedAt: iso,
    version: 1,
  };
}

/** BatchWriteItem in chunks of 25, LOAD_CONCURRENCY in flight, UnprocessedItems retried with backoff. */
async function batchWrite(
  db: DynamoDBDocumentClient,
  table: string,
  requests: Array<Record<string, unknown>>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      let chunk = requests.slice(next, next + 25);
      next += 25;
      for (let attempt = 0; chunk.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem kept items unprocessed');
        if (attempt > 0) await sleep(Math.random() * 50 * 2 ** attempt);
        const { UnprocessedItems } = await db.send(
          new BatchWriteCommand({ RequestItems: { [table]: chunk } }),
        );
        chunk = UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
}

/** The baseline: find the user's todos by scanning the whole table with a filter, newest first. */
async function scanForUser(db: DynamoDBDocumentClient, table: string, userId: string, limit: number) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': userId },
        ExclusiveStartKey: start,
      }),
    );
    pages++;
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  items.sort((a, b) => String(b.todoId).localeCompare(String(a.todoId)));
  return { ids: items.slice(0, limit).map((i) => String(i.todoId)), pages };
}

interface Row {
  size: number;
  loadMs: number;
  oursMs: number;
  oursRcu: number;
  scanMs: number;
  scanRcu: number;
  scanRuns: number;
  scanPages: number;
  httpMs: number;
}

/** What one size is measured with; built once, so clients and JITs stay warm across sizes. */
function createProbe(stack: StackInfo, clientConfig: DynamoDBClientConfig, userId: string, token: string) {
  const table = stack.tables.todos as string;
  const oursClient = new DynamoDBClient(clientConfig);
  const oursMeter = capacityMeter(oursClient);
  const repo = new DynamoDbTodoRepository(
    DynamoDBDocumentClient.from(oursClient, { marshallOptions: { removeUndefinedValues: true } }),
    table,
  );
  const scanClient = new DynamoDBClient(clientConfig);
  const scanMeter = capacityMeter(scanClient);
  const scanDb = DynamoDBDocumentClient.from(scanClient);
  const api = apiClient(stack, token);

  const ours = async () => {
    oursMeter.units = 0;
    const t = performance.now();
    const page = await repo.list(userId, { status: 'all', limit: USER_TODOS });
    const ms = performance.now() - t;
    if (page.items.length !== USER_TODOS) throw new Error(`ours returned ${page.items.length} todos`);
    return { ms, units: oursMeter.units, ids: page.items.map((todo: Todo) => todo.id) };
  };
  const scan = async () => {
    scanMeter.units = 0;
    const t = performance.now();
    const result = await scanForUser(scanDb, table, userId, USER_TODOS);
    return { ms: performance.now() - t, units: scanMeter.units, ...result };
  };
  const http = async () => {
    const t = performance.now();
    const res = await api<{ items: unknown[] }>('GET', `/todos?limit=${USER_TODOS}`);
    const ms = performance.now() - t;
    if (res.status !== 200 || res.body.items.length !== USER_TODOS)
      throw new Error(`GET /todos → ${res.status}`);
    return ms;
  };

  return {
    /** Before the first size: JIT here and in the JVM, a warm Lambda, so size 1 is not charged for it. */
    async warmUp() {
      // Thousands of calls: the JVM (and V8) compile hot paths only after many invocations; with 400
      // the 100-row size still measured ~2× slower than later sizes.
      for (let i = 0; i < WARMUP_QUERIES; i++) await ours();
      for (let i = 0; i < 3; i++) await scan();
      for (let i = 0; i < 20; i++) await http();
    },

    async measure(size: number, loadMs: number): Promise<Row> {
      // Ours first, then the scans: a scan leaves the JVM collecting garbage, which would be
      // charged to the next small query if the two were interleaved.
      const oursMs: number[] = [];
      const oursUnits: number[] = [];
      let newest: string[] = [];
      for (let round = 0; round < WARMUPS + RUNS; round++) {
        const run = await ours();
        newest = run.ids;
        if (round < WARMUPS) continue;
        oursMs.push(run.ms);
        oursUnits.push(run.units);
      }

      const scanMs: number[] = [];
      const scanUnits: number[] = [];
      let scanPages = 0;
      for (let round = 0; round <= RUNS; round++) {
        const spent = scanMs.reduce((a, b) => a + b, 0);
        if (scanMs.length >= MIN_SCAN_RUNS && spent >= SCAN_BUDGET_MS) break;
        const run = await scan();
        if (run.ids.join() !== newest.join())
          throw new Error('ours and the scan disagree on the user’s newest todos');
        // A warm-up only matters for short scans; a scan of seconds is not JIT-bound.
        if (round === 0 && run.ms < 1000) continue;
        scanMs.push(run.ms);
        scanUnits.push(run.units);
        scanPages = run.pages;
      }

      const httpMs: number[] = [];
      for (let i = 0; i < HTTP_RUNS; i++) httpMs.push(await http());

      return {
        size,
        loadMs,
        oursMs: median(oursMs),
        oursRcu: median(oursUnits),
        scanMs: median(scanMs),
        scanRcu: median(scanUnits),
        scanRuns: scanMs.length,
        scanPages,
        httpMs: median(httpMs),
      };
    },

    close() {
      oursClient.destroy();
      scanClient.destroy();
    },
  };
}

export async function run(): Promise<string> {
  const started = performance.now();
  const bench = await benchStack('bench-todos');
  const stack = bench.info;
  // startTestStack's data directories (test-*) are wiped on their next start: no need to clean those.
  const throwaway =
    bench.own || basename(stack.dataDir).startsWith('test-') || process.env.BENCH_TODOS_CLEANUP === '0';
  const table = stack.tables.todos as string;
  const clientConfig: DynamoDBClientConfig = {
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  };
  const loader = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  const loaded: Key[] = [];
  const rows: Row[] = [];
  const notes: string[] = [];
  let probe: ReturnType<typeof createProbe> | undefined;
  try {
    const user = await createUser(stack);
    const api = apiClient(stack, user.accessToken);
    for (let i = 0; i < USER_TODOS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const res = await api('POST', '/todos', { body: { title: `My todo ${i + k}` } });
          if (res.status !== 201) throw new Error(`POST /todos → ${res.status} ${res.text}`);
        }),
      );
    }

    probe = createProbe(stack, clientConfig, user.userId, user.accessToken);
    await probe.warmUp();

    let rate = Number.NaN; // items per ms, from the previous load
    for (const size of SIZES) {
      const count = size - loaded.length;
      // The load, plus the minimum number of scans if scan time keeps growing with the table.
      const previous = rows.at(-1);
      const scansMs = previous ? (previous.scanMs / previous.size) * size * MIN_SCAN_RUNS : 0;
      const projectedMs = count / rate + scansMs;
      const elapsedMs = performance.now() - started;
      if (projectedMs > BUDGET_S * 1000 - elapsedMs) {
        notes.push(
          `Skipped ${size.toLocaleString('en')}: loading ${count.toLocaleString('en')} more rows at the measured ` +
            `${fmt(rate * 1000, 0)} rows/s and scanning them would take ~${fmt(projectedMs / 1000, 0)} s, past the ${BUDGET_S} s budget ` +
            '(BENCH_TODOS_BUDGET_S). DynamoDB Local writes are the bottleneck here (see the load column).',
        );
        break;
      }
      const t = performance.now();
      const items = Array.from({ length: count }, (_, k) => otherUsersItem(loaded.length + k));
      await batchWrite(
        loader,
        table,
        items.map((Item) => ({ PutRequest: { Item } })),
      );
      loaded.push(...items.map(({ userId, todoId }) => ({ userId, todoId })));
      const loadMs = performance.now() - t;
      if (count >= 1000) rate = count / loadMs;
      process.stderr.write(
        `bench todos: ${size} other users' todos loaded (+${fmt(loadMs / 1000)} s), measuring…\n`,
      );
      await sleep(SETTLE_MS);
      rows.push(await probe.measure(size, loadMs));
    }
  } finally {
    if (!throwaway && loaded.length > 0) {
      const t = performance.now();
      await batchWrite(
        loader,
        table,
        loaded.map((Key) => ({ DeleteRequest: { Key } })),
      );
      notes.push(
        `Removed the ${loaded.length} loaded rows again in ${fmt((performance.now() - t) / 1000)} s.`,
      );
    }
    loader.destroy();
    probe?.close();
    await bench.stop();
  }

  const first = rows[0];
  const last = rows.at(-1);
  const flat = first && last ? last.oursMs / first.oursMs : Number.NaN;
  const table_ = rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en')} | ${fmt(r.oursMs, 2)} | ${fmt(r.oursRcu)} | ${fmt(r.scanMs)} | ${fmt(r.scanRcu)} | ${fmt(r.scanMs / r.oursMs, 0)}× | ${fmt(r.httpMs)} | ${r.scanRuns} | ${r.scanPages} | ${fmt(r.loadMs / 1000)} |`,
  );
  const totalS = (performance.now() - started) / 1000;
  return [
    '## GET /todos vs Scan',
    '',
    `One user with ${USER_TODOS} todos (created through POST /todos) among N todos of other users ` +
      `(${TODOS_PER_OTHER_USER} per user, ~300 B each), in DynamoDB Local (the local stack's todos table). ` +
      `"ours" is the repository behind GET /todos (\`list(userId, {status: 'all', limit: ${USER_TODOS}})\`: one Query, ` +
      `newest first); "scan" is the baseline without a key: Scan the table with \`FilterExpression userId = :u\`, ` +
      'every page, then sort.',
    '',
    '| N (other users’ todos) | ours ms | ours RCU | scan ms | scan RCU | scan / ours | HTTP GET /todos ms | scan runs | scan pages | load s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...table_,
    '',
    `- ours, ${last?.size.toLocaleString('en')} vs ${first?.size.toLocaleString('en')} rows: **${fmt(flat, 2)}×** ` +
      `(target ≤ ${TARGET_FLAT}×) ${flat <= TARGET_FLAT ? '✅' : '❌'}; RCU ${first ? fmt(first.oursRcu) : '?'} → ${last ? fmt(last.oursRcu) : '?'}.`,
    `- scan, same sizes: ${first && last ? `${fmt(last.scanMs / first.scanMs, 0)}× the time, ${fmt(last.scanRcu / first.scanRcu, 0)}× the RCU` : '?'}.`,
    ...notes.map((n) => `- ${n}`),
    '',
    `Method: one warm-up phase first (${WARMUP_QUERIES} queries, 3 scans, 20 HTTP calls: JIT here and in the JVM, a warm Lambda). ` +
      `Then per size, after the load and a ${SETTLE_MS / 1000} s pause: ${RUNS} runs of ours after ${WARMUPS} warm-ups, then ` +
      `up to ${RUNS} scans (one warm-up when a scan is under 1 s; they stop after ${SCAN_BUDGET_MS / 1000} s of scanning, ` +
      `at least ${MIN_SCAN_RUNS}: see "scan runs"); each scan must find the same 50 todos as ours. Figures are medians. ` +
      'RCU is ConsumedCapacity (ReturnConsumedCapacity TOTAL) summed over the pages of one call, as DynamoDB Local ' +
      `reports it (eventually consistent reads). HTTP is the median of ${HTTP_RUNS} warm GET /todos?limit=${USER_TODOS} ` +
      'through serverless-offline (token check, Lambda, Query, JSON, ETag). Load: BatchWriteItem of 25, ' +
      `${LOAD_CONCURRENCY} in flight, loopback, into DynamoDB Local (in memory, as test stacks run it; its writes are the bottleneck). ` +
      `Whole bench, stack start included: ${fmt(totalS, 0)} s.`,
    '',
  ].join('\n');
}

printWhenMain(import.meta.url, run);
