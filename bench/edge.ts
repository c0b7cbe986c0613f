/**
 * The local edge (CloudFront from serverless.yml) in front of the blog: 1,000 anonymous reads —
 * half `GET /api/posts` (the blog index API), half post pages (`/post?slug=…`) — through the edge,
 * against the same 1,000 reads sent to the origins themselves (the API, and the site bucket through
 * the S3 gateway). Counts origin requests (API Lambda invocations, site-bucket GETs) per 1,000 reads
 * from the edge's own counters, and compares p50 latency of edge hits with the origins'.
 *
 * Uses BENCH_STACK_JSON's stack or starts its own (web none); publishes a small static site with
 * the deploy's publish code so the post page exists in the site bucket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackInfo } from '@app/local-stack';
import { publishLocalSite } from '@app/local-stack/web';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { apiClient } from '../test/support/api';
import { createUser } from '../test/support/users';
import { benchStack, printWhenMain } from './support';

const READS = 1000;
const POSTS = 5;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function stats(stack: StackInfo) {
  return (await (await fetch(`${stack.cloudfrontEndpoint}/_local/stats`)).json()) as {
    hits: number;
    misses: number;
    originRequests: Record<string, number>;
  };
}

async function timed(call: () => Promise<Response>): Promise<{ ms: number; xCache: string }> {
  const t0 = performance.now();
  const res = await call();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${res.url}`);
  return { ms: performance.now() - t0, xCache: res.headers.get('x-cache') ?? '' };
}

export async function run(): Promise<string> {
  const bench = await benchStack('bench-edge');
  const stack = bench.info;
  const site = mkdtempSync(join(tmpdir(), 'bench-site-'));
  try {
    // A post page of realistic size (the exported post.html is ~15 KB).
    writeFileSync(join(site, 'index.html'), `<!doctype html><title>blog</title>${'<p>x</p>'.repeat(500)}`);
    writeFileSync(join(site, 'post.html'), `<!doctype html><title>post</title>${'<p>y</p>'.repeat(2000)}`);
    await publishLocalSite(
      stack,
      { apiUrl: `${stack.webUrl}/api`, mediaPublicUrl: stack.webUrl },
      () => undefined,
      site,
    );

    const author = await createUser(stack, { name: 'Bench Author' });
    const api = apiClient(stack, author.accessToken);
    const slugs: string[] = [];
    for (let i = 0; i < POSTS; i++) {
      const res = await api('POST', '/posts', {
        body: { title: `Bench post ${i} ${Date.now()}`, body: 'text '.repeat(200), status: 'published' },
      });
      slugs.push((res.body as { slug: string }).slug);
    }
    const paths = Array.from({ length: READS }, (_, i) =>
      i % 2 === 0 ? '/api/posts' : `/post?slug=${encodeURIComponent(slugs[i % POSTS] as string)}`,
    );

    // Through the edge.
    const before = await stats(stack);
    const edge: { ms: number; xCache: string; path: string }[] = [];
    for (const path of paths) edge.push({ ...(await timed(() => fetch(`${stack.webUrl}${path}`))), path });
    const after = await stats(stack);
    const apiInvocations = (after.originRequests.api ?? 0) - (before.originRequests.api ?? 0);
    const siteGets = (after.originRequests.site ?? 0) - (before.originRequests.site ?? 0);
    const hits = edge.filter((r) => r.xCache.startsWith('Hit'));

    // The same reads at the origins: every one is a Lambda invocation or a bucket GET.
    const s3 = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: stack.deployerCredentials,
    });
    const origin: number[] = [];
    const originApi: number[] = [];
    const originSite: number[] = [];
    for (const path of paths) {
      if (path.startsWith('/api/')) {
        const r = await timed(() => fetch(`${stack.apiUrl}/posts`));
        origin.push(r.ms);
        originApi.push(r.ms);
      } else {
        const t0 = performance.now();
        const object = await s3.send(new GetObjectCommand({ Bucket: stack.buckets.site, Key: 'post.html' }));
        await object.Body?.transformToByteArray();
        const ms = performance.now() - t0;
        origin.push(ms);
        originSite.push(ms);
      }
    }
    const hitApi = hits.filter((r) => r.path.startsWith('/api/')).map((r) => r.ms);
    const hitSite = hits.filter((r) => !r.path.startsWith('/api/')).map((r) => r.ms);
    const p50Hit = median(hits.map((r) => r.ms));
    const p50Origin = median(origin);
    return [
      '## Edge: blog reads through the local CloudFront',
      '',
      `${READS} anonymous reads, one at a time: ${READS / 2} × \`GET /api/posts\` (the blog index API) and ${READS / 2} × a post page (\`/post?slug=…\`, ${POSTS} posts), through the local edge (cache policies from \`serverless.yml\`), against the same reads sent straight to the origins (serverless-offline, the S3 gateway). Origin requests are the edge's own counters.`,
      '',
      '| | through the edge | at the origin (baseline) | ratio |',
      '|---|---|---|---|',
      `| API Lambda invocations per 1,000 reads | ${apiInvocations} | ${READS / 2} | ${fmt(apiInvocations / (READS / 2), 3)} |`,
      `| site-bucket GETs per 1,000 reads | ${siteGets} | ${READS / 2} | ${fmt(siteGets / (READS / 2), 3)} |`,
      `| cache hits | ${hits.length} / ${READS} | – | – |`,
      `| p50 latency, all reads (edge hits vs origin) | ${fmt(p50Hit)} ms | ${fmt(p50Origin)} ms | ${fmt(p50Hit / p50Origin)} |`,
      `| p50 latency, \`/api/posts\` | ${fmt(median(hitApi))} ms (hit) | ${fmt(median(originApi))} ms (Lambda) | ${fmt(median(hitApi) / median(originApi))} |`,
      `| p50 latency, post page | ${fmt(median(hitSite))} ms (hit) | ${fmt(median(originSite))} ms (S3 GET) | ${fmt(median(hitSite) / median(originSite))} |`,
      '',
      `The API's \`Cache-Control: public, max-age=60, s-maxage=300\` keeps \`/api/posts\` at the edge for 300 s (one invocation per 300 s per key); the page's \`no-cache\` is stored for the managed CachingOptimized policy's MinTTL (1 s), so the site bucket sees about one GET per second of reading — the figure depends on how long the run takes. Loopback only: real CloudFront adds the network between viewer, edge and origin, which makes the gap larger, not smaller.`,
    ].join('\n');
  } finally {
    rmSync(site, { recursive: true, force: true });
    await bench.stop();
  }
}

printWhenMain(import.meta.url, run);
