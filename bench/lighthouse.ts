/**
 * Lighthouse 12 (mobile preset: simulated slow 4G and 4× CPU slowdown) on the public blog pages,
 * `/blog` and `/post?slug=…`, served by the local edge from the static export — against a blank
 * Next.js static export (same Next version as apps/web: one page, one line of text) built in the
 * same run and published to the same edge. Performance score, TBT, LCP, CLS and the JavaScript the
 * page loaded (bytes over the wire, compressed by the edge), each as a median of RUNS runs, and the
 * ratios to the blank baseline. A benchmark, not a gate.
 *
 * Starts its own stack (web static: `next build` + publish); set LIGHTHOUSE_STACK_JSON to the
 * stack.json of a running static stack to reuse it (its site bucket is overwritten by the blank
 * export at the end, then restored). Chromium: /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { webConfigFromLocalStack } from '@app/deploy';
import { uploadKey } from '@app/images/s3-keys';
import { thumbnailKey } from '@app/images/thumbnail-key';
import type { StackInfo } from '@app/local-stack';
import { publishLocalSite } from '@app/local-stack/web';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import sharp from 'sharp';
import { withImageSize } from '../apps/web/src/lib/media';
import { apiClient } from '../test/support/api';
import { startTestStack, type TestStack } from '../test/support/stack-process';
import { createUser, type TestUser } from '../test/support/users';
import { printWhenMain } from './support';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

interface Figures {
  performance: number;
  tbtMs: number;
  lcpMs: number;
  cls: number;
  jsBytes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** A blank Next.js app (App Router, static export) next to the repo's node_modules, built with its Next. */
function buildBlankNext(): string {
  const dir = join(root, '.local', 'bench-blank-next');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(
    join(dir, 'next.config.mjs'),
    `export default { output: 'export', turbopack: { root: ${JSON.stringify(root)} } };\n`,
  );
  writeFileSync(
    join(dir, 'app', 'layout.jsx'),
    'export const metadata = { title: \'Blank\' };\nexport default function RootLayout({ children }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n',
  );
  writeFileSync(
    join(dir, 'app', 'page.jsx'),
    'export default function Page() {\n  return <main><h1>Blank</h1></main>;\n}\n',
  );
  execFileSync(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', dir], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  return join(dir, 'out');
}

async function audit(url: string): Promise<Figures> {
  const runs: Figures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
      const requests = (lhr.audits['network-requests']?.details as { items?: Array<Record<string, unknown>> })
        ?.items;
      runs.push({
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
        lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
        jsBytes: (requests ?? [])
          .filter((r) => r.resourceType === 'Script')
          .reduce((sum, r) => sum + Number(r.transferSize ?? 0), 0),
      });
    } finally {
      chrome.kill();
    }
  }
  return {
    performance: median(runs.map((r) => r.performance)),
    tbtMs: median(runs.map((r) => r.tbtMs)),
    lcpMs: median(runs.map((r) => r.lcpMs)),
    cls: median(runs.map((r) => r.cls)),
    jsBytes: median(runs.map((r) => r.jsBytes)),
  };
}

/** Uploads `image` as `name` with the author's own credentials (identity pool), as the editor does; waits for its thumbnails. */
async function uploadImage(stack: StackInfo, author: TestUser, name: string, image: Buffer): Promise<string> {
  const s3 = new S3Client({
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    region: stack.region,
    credentials: fromCognitoIdentityPool({
      identityPoolId: stack.identityPoolId,
      logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: author.idToken },
      clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
    }),
  });
  const key = uploadKey(author.userId, name);
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: stack.buckets.media, Key: key, Body: image, ContentType: 'image/png' }),
    );
  } finally {
    s3.destroy();
  }
  const api = apiClient(stack, author.accessToken);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const res = await api<{ status: string }>('GET', `/media/status?key=${encodeURIComponent(key)}`);
    if (res.body.status === 'ready') return key;
    if (res.body.status === 'failed') throw new Error(`thumbnails of ${key} failed: ${res.text}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no thumbnails of ${key} within 60 s`);
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 110, b: 90 } } })
    .png()
    .toBuffer();

/** A published post as an author writes one: a cover, a body image near the top (as the editor inserts it), some markdown. */
async function publishedPostSlug(stack: StackInfo): Promise<string> {
  const user = await createUser(stack);
  const cover = await uploadImage(stack, user, 'sea.png', await png(1600, 900));
  const bodyImage = await uploadImage(stack, user, 'boat.png', await png(600, 900));
  const bodyImageUrl = withImageSize(`${stack.mediaPublicUrl}/${thumbnailKey(bodyImage, 1280)}`, {
    width: 600,
    height: 900,
  });
  const created = await apiClient(stack, user.accessToken)<{ slug: string }>('POST', '/posts', {
    body: {
      title: 'A walk by the sea',
      status: 'published',
      coverImage: cover,
      coverAlt: 'The sea',
      body: `Morning light on the water.\n\n![A red boat](${bodyImageUrl})\n\n## What I saw\n\n- Gulls\n- A **red** boat\n\nSome [words](https://example.com) and \`code\`.\n`,
    },
  });
  if (created.status !== 201) throw new Error(`could not create the bench post: ${created.text}`);
  return created.body.slug;
}

export async function run(): Promise<string> {
  const stack: TestStack | undefined = process.env.LIGHTHOUSE_STACK_JSON
    ? undefined
    : await startTestStack({ name: 'bench-lighthouse', web: 'static' });
  const info: StackInfo =
    stack?.info ?? (JSON.parse(readFileSync(process.env.LIGHTHOUSE_STACK_JSON ?? '', 'utf8')) as StackInfo);
  const webConfig = webConfigFromLocalStack(info);
  try {
    const slug = await publishedPostSlug(info);
    const pages: Array<[string, Figures]> = [];
    pages.push(['/blog', await audit(`${info.webUrl}/blog`)]);
    pages.push(['/post', await audit(`${info.webUrl}/post?slug=${encodeURIComponent(slug)}`)]);
    const blankOut = buildBlankNext();
    await publishLocalSite(info, webConfig, () => undefined, blankOut);
    const blank = await audit(`${info.webUrl}/`);
    // Put the app back (a reused stack keeps serving it).
    await publishLocalSite(info, webConfig, () => undefined);

    const kib = (bytes: number) => (bytes / 1024).toFixed(1);
    const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
    const row = (name: string, f: Figures) =>
      `| ${name} | ${f.performance} | ${Math.round(f.tbtMs)} | ${Math.round(f.lcpMs)} | ${f.cls.toFixed(3)} | ${kib(f.jsBytes)} | ${ratio(f.tbtMs, blank.tbtMs)} | ${ratio(f.lcpMs, blank.lcpMs)} | ${ratio(f.jsBytes, blank.jsBytes)} |`;
    const nextVersion = (
      JSON.parse(readFileSync(join(root, 'node_modules', 'next', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    return [
      '## Public pages: Lighthouse vs a blank Next.js export',
      '',
      `Lighthouse 12.2.3, mobile preset (simulated throttling), Debian Chromium, median of ${RUNS} runs per page (\`/post\`: a post with a cover and a body image near the top); every page served by the local edge (CloudFront from serverless.yml, brotli/gzip) from the published static export. Baseline: a blank Next ${nextVersion} static export (one heading) built and published to the same edge in the same run. JS KiB = script bytes over the wire. The machine is shared and loaded, so absolute figures (score, TBT, LCP) are pessimistic and noisy; the ratios and CLS say more.`,
      '',
      '| page | performance | TBT ms | LCP ms | CLS | JS KiB | TBT / blank | LCP / blank | JS / blank |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      row('`/blog` (signed out)', pages[0]?.[1] as Figures),
      row('`/post` (signed out)', pages[1]?.[1] as Figures),
      row('blank Next export', blank),
    ].join('\n');
  } finally {
    await stack?.stop();
  }
}

printWhenMain(import.meta.url, run);
