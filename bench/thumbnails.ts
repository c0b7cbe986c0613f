/**
 * Thumbnail bench: our `makeThumbnails` against bare sharp and jimp on a generated 12 MP JPEG.
 * `run()` returns a markdown section; `npx tsx bench/thumbnails.ts` prints it.
 *
 * Timing happens in this process, variants interleaved round by round so drift hits all alike.
 * Peak RSS needs a fresh process per variant (maxRSS only grows), so each variant is re-run in a
 * child: `node --import tsx bench/thumbnails.ts --child <variant> <jpeg>`, which prints its peak.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { makeThumbnails } from '@app/images';
import sharp, { type Sharp } from 'sharp';

const WIDTH = 4000;
const HEIGHT = 3000;
const WARMUPS = 2;
const RUNS = 15;
const JIMP_WARMUPS = 1;
const JIMP_RUNS = 3;
/** Runs inside each RSS child (after nothing else): peak memory of a warm-ish process. */
const CHILD_RUNS = { sharp: 3, jimp: 1 } as const;

const TARGET_OURS_VS_BARE = 1.15;
const TARGET_JIMP_VS_OURS = 20;
const TARGET_PEAK_RSS_MIB = 256;

interface Output {
  width: number;
  height: number;
  bytes: number;
}

interface Variant {
  id: string;
  label: string;
  runs: number;
  warmups: number;
  childRuns: number;
  make: (input: Buffer) => Promise<Output[]>;
}

async function jimpThumbnail(input: Buffer): Promise<Output[]> {
  const { Jimp } = await import('jimp');
  const image = await Jimp.read(input);
  image.resize({ w: 320 });
  const body = await image.getBuffer('image/jpeg');
  return [{ width: image.width, height: image.height, bytes: body.length }];
}

async function bareSharp(pipeline: Sharp): Promise<Output[]> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return [{ width: info.width, height: info.height, bytes: data.length }];
}

async function ours(input: Buffer, widths?: readonly number[]): Promise<Output[]> {
  const thumbnails = await makeThumbnails(input, widths);
  return thumbnails.map(({ width, height, body }) => ({ width, height, bytes: body.length }));
}

const VARIANTS: readonly Variant[] = [
  {
    id: 'ours-320',
    label: '(a) ours: `makeThumbnails(buf, [320])`',
    runs: RUNS,
    warmups: WARMUPS,
    childRuns: CHILD_RUNS.sharp,
    make: (input) => ours(input, [320]),
  },
  {
    id: 'bare-sharp',
    label: '(b) bare sharp: `sharp(buf).resize(320).webp().toBuffer()`',
    runs: RUNS,
    warmups: WARMUPS,
    childRuns: CHILD_RUNS.sharp,
    make: (input) => bareSharp(sharp(input).resize(320).webp()),
  },
  {
    id: 'bare-sharp-same-webp',
    label: '(b′) bare sharp with our WebP settings (q80, effort 2)',
    runs: RUNS,
    warmups: WARMUPS,
    childRuns: CHILD_RUNS.sharp,
    make: (input) => bareSharp(sharp(input).resize(320).webp({ quality: 80, effort: 2 })),
  },
  {
    id: 'jimp',
    label: "(c) jimp 1.6: `Jimp.read` → `resize({ w: 320 })` → `getBuffer('image/jpeg')`",
    runs: JIMP_RUNS,
    warmups: JIMP_WARMUPS,
    childRuns: CHILD_RUNS.jimp,
    make: jimpThumbnail,
  },
  {
    id: 'ours-default',
    label: '(d) ours, default widths: `makeThumbnails(buf)` → 320 + 1280',
    runs: RUNS,
    warmups: WARMUPS,
    childRuns: CHILD_RUNS.sharp,
    make: (input) => ours(input),
  },
];

/** Gradients, a soft pattern and per-pixel noise: compresses like a photo (~3 MB at q85), not like a flat fill. */
async function generatePhoto(): Promise<Buffer> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  let seed = 12345;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const grain = ((seed >>> 24) - 128) * 0.1;
      const i = (y * WIDTH + x) * 3;
      pixels[i] = (x / WIDTH) * 255 + grain;
      pixels[i + 1] = (y / HEIGHT) * 255 + grain;
      pixels[i + 2] = 128 + 100 * Math.sin(x / 60) * Math.cos(y / 45) + grain;
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function time(variants: readonly Variant[], input: Buffer) {
  const samples = new Map<string, number[]>(variants.map((v) => [v.id, []]));
  const outputs = new Map<string, Output[]>();
  const rounds = Math.max(...variants.map((v) => v.warmups + v.runs));
  for (let round = 0; round < rounds; round++) {
    // Rotate the starting variant each round so none always runs right after another.
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length] as Variant;
      if (round >= variant.warmups + variant.runs) continue;
      const started = performance.now();
      const output = await variant.make(input);
      const elapsed = performance.now() - started;
      if (round >= variant.warmups) samples.get(variant.id)?.push(elapsed);
      outputs.set(variant.id, output);
    }
  }
  return { samples, outputs };
}

const execFileAsync = promisify(execFile);

async function peakRssMiB(variantId: string, inputPath: string): Promise<number> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', tsx, fileURLToPath(import.meta.url), '--child', variantId, inputPath],
    { maxBuffer: 1024 * 1024 },
  );
  const { peakKiB } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { peakKiB: number };
  return peakKiB / 1024;
}

/**
 * Peak RSS of this process in KiB. On Linux `resourceUsage().maxRSS` also counts the parent's
 * high-water mark, inherited through fork + exec (a do-nothing child of this 270 MiB parent
 * reported 276 MiB), so read the current address space's own peak, VmHWM, when there is one.
 */
function peakRssKiB(): number {
  try {
    const hwm = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Number(hwm);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** In a child: run one variant on the file (or nothing, for the baseline) and report peak RSS. */
async function child(variantId: string, inputPath: string): Promise<void> {
  const input = await readFile(inputPath);
  const variant = VARIANTS.find((v) => v.id === variantId);
  if (variant) {
    for (let i = 0; i < variant.childRuns; i++) await variant.make(input);
  } else if (variantId !== 'baseline') {
    throw new Error(`unknown variant ${variantId}`);
  }
  process.stdout.write(`${JSON.stringify({ peakKiB: peakRssKiB() })}\n`);
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const verdict = (ok: boolean) => (ok ? '✅' : '❌');

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-thumbnails-'));
  try {
    const input = await generatePhoto();
    const inputPath = join(dir, 'photo-12mp.jpg');
    await writeFile(inputPath, input);

    const { samples, outputs } = await time(VARIANTS, input);

    const rss = new Map<string, number>();
    for (const id of ['baseline', ...VARIANTS.map((v) => v.id)]) rss.set(id, await peakRssMiB(id, inputPath));

    const ms = (id: string) => median(samples.get(id) ?? []);
    const oursVsBare = ms('ours-320') / ms('bare-sharp');
    const jimpVsOurs = ms('jimp') / ms('ours-320');
    const oursPeak = Math.max(rss.get('ours-320') ?? 0, rss.get('ours-default') ?? 0);
    const baseline = rss.get('baseline') ?? 0;

    const rows = VARIANTS.map((v) => {
      const out = (outputs.get(v.id) ?? [])
        .map((o) => `${o.width}×${o.height} ${fmt(o.bytes / 1024)} KiB`)
        .join(', ');
      const peak = rss.get(v.id) ?? 0;
      return `| ${v.label} | ${fmt(ms(v.id))} | ${v.runs} | ${fmt(peak, 0)} (+${fmt(peak - baseline, 0)}) | ${out} |`;
    });

    return [
      '## Thumbnails',
      '',
      `Input: generated ${WIDTH}×${HEIGHT} JPEG (gradients + noise, q85, ${fmt(input.length / 1024 / 1024, 2)} MiB). ` +
        `Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ` +
        `${availableParallelism()} CPUs, libvips concurrency ${sharp.concurrency()}.`,
      '',
      '| variant | median ms | runs | peak RSS MiB (+ over baseline) | output |',
      '|---|---:|---:|---:|---|',
      ...rows,
      `| baseline child: node + tsx + sharp loaded, no work | – | – | ${fmt(baseline, 0)} | – |`,
      '',
      `- ours / bare sharp: **${fmt(oursVsBare, 2)}×** (target ≤ ${TARGET_OURS_VS_BARE}×) ${verdict(oursVsBare <= TARGET_OURS_VS_BARE)}`,
      `- jimp / ours: **${fmt(jimpVsOurs, 0)}×** (target ≥ ${TARGET_JIMP_VS_OURS}×) ${verdict(jimpVsOurs >= TARGET_JIMP_VS_OURS)}`,
      `- ours, peak RSS: **${fmt(oursPeak, 0)} MiB** (target < ${TARGET_PEAK_RSS_MIB} MiB) ${verdict(oursPeak < TARGET_PEAK_RSS_MIB)}`,
      '',
      `Method: time is the median wall-clock per image in one process over ${RUNS} runs after ${WARMUPS} warm-ups (jimp: ${JIMP_RUNS} after ${JIMP_WARMUPS}), variants interleaved round by round.`,
      `Peak RSS is the high-water mark (VmHWM; \`resourceUsage().maxRSS\` inherits the parent's across fork) of a fresh child per variant that runs it ${CHILD_RUNS.sharp}× (jimp ${CHILD_RUNS.jimp}×); the baseline child only loads the modules.`,
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const [, entry, flag, variantId, inputPath] = process.argv;
if (entry && import.meta.url === pathToFileURL(entry).href) {
  if (flag === '--child' && variantId && inputPath) {
    child(variantId, inputPath).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  } else {
    run().then(
      (section) => process.stdout.write(section),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
