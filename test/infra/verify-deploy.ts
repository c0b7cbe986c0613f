/**
 * `npm run verify:deploy`: what can be proven about `serverless deploy --stage prod` without an AWS
 * account. Packages the prod stage (default and with DAX), lints each template with cfn-lint,
 * checks rules AWS enforces that cfn-lint does not, imports every function's handler from its
 * unzipped artifact alone, and makes a thumbnail with the thumbnail function's artifact.
 */
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionArtifacts, runHandler, unzipIsolated } from './artifacts';
import { cfnLint } from './cfn-lint';
import { type PackagedStage, packageStage } from './package-stage';
import { templateRuleProblems } from './template-rules';
import { checkThumbnailArtifact } from './thumbnail-run';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STAGE = 'prod';
// Params with no default outside the local stage (serverless-plugins/required-params.cjs).
const REQUIRED = [
  '--param=webOrigin=https://app.example.com',
  '--param=mailFrom=no-reply@example.com',
  '--param=alarmEmail=ops@example.com',
];
const VARIANTS: [string, string[]][] = [
  ['default', REQUIRED],
  [
    'dax+replicas',
    [
      ...REQUIRED,
      '--param=daxEnabled=true',
      '--param=vpcId=vpc-0123456789abcdef0',
      '--param=daxSubnetIds=subnet-0a,subnet-0b',
      '--param=postsReplicaRegions=eu-west-1,ap-southeast-2',
    ],
  ],
];
const THUMBNAIL_FUNCTION = 'MakeThumbnailsLambdaFunction';

const failures: string[] = [];
const cleanup: string[] = [];

function report(title: string, problems: string[], okLines: string[] = []) {
  const mark = problems.length ? '✗' : '✓';
  console.log(`${mark} ${title}`);
  for (const line of okLines) console.log(`    ${line}`);
  for (const p of problems) console.log(`    ✗ ${p}`);
  failures.push(...problems.map((p) => `${title}: ${p}`));
}

async function lintStep(stage: PackagedStage) {
  const findings = await cfnLint(repoRoot, stage.templatePath);
  const counts = findings.reduce<Record<string, number>>((acc, f) => {
    acc[f.rule] = (acc[f.rule] ?? 0) + 1;
    return acc;
  }, {});
  const summary = Object.keys(counts).length
    ? Object.entries(counts)
        .map(([rule, n]) => `${n} × ${rule}`)
        .join(', ')
    : 'no findings (ignored, with reasons: W3005 and W8003 in .cfnlintrc.yaml, E1151 on the DAX security groups in serverless.yml)';
  report(
    `cfn-lint ${stage.name}: ${findings.filter((f) => f.level === 'Error').length} errors, ${findings.filter((f) => f.level !== 'Error').length} warnings`,
    findings.map((f) => `${f.rule} ${f.level} at ${f.where}: ${f.message}`),
    [summary],
  );
}

async function artifactStep(stage: PackagedStage) {
  const okLines: string[] = [];
  const problems: string[] = [];
  for (const fn of functionArtifacts(stage.template, stage.dir)) {
    const task = await unzipIsolated(fn.zip, repoRoot);
    cleanup.push(dirname(task));
    try {
      await runHandler(task, fn.handler, fn.environment);
      okLines.push(`${fn.logicalId}: ${fn.handler} imports alone`);
      if (fn.logicalId === THUMBNAIL_FUNCTION && stage.name === 'default') {
        const portBase = Number(process.env.TEST_STACK_PORT_BASE ?? 4490) + 40;
        okLines.push(...(await checkThumbnailArtifact(fn, task, stage.template, portBase)));
      }
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      problems.push(
        `${fn.logicalId} (${fn.handler}): ${(stderr || String(error)).trim().split('\n').slice(0, 6).join(' | ')}`,
      );
    }
  }
  report(
    `artifacts ${stage.name}: ${okLines.length ? 'handlers loaded from their unzipped zips' : ''}`,
    problems,
    okLines,
  );
}

async function main() {
  const started = Date.now();
  for (const [name, params] of VARIANTS) {
    const t0 = Date.now();
    const stage = await packageStage(repoRoot, name, STAGE, params);
    cleanup.push(stage.dir);
    console.log(
      `\n— ${STAGE} (${name}) packaged in ${Math.round((Date.now() - t0) / 1000)} s → ${stage.dir}`,
    );
    await lintStep(stage);
    report(
      `template rules ${name}: no public bucket policy, BPA + BucketOwnerEnforced on every bucket, S3 triggers after their buckets`,
      templateRuleProblems(stage.template),
    );
    await artifactStep(stage);
  }
  console.log(
    `\nverify:deploy ${failures.length ? `FAILED (${failures.length} problems)` : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

main()
  .catch((error: Error) => {
    failures.push(error.message);
    console.error(`\nverify:deploy: ${error.message}`);
  })
  .finally(async () => {
    if (!process.env.VERIFY_DEPLOY_KEEP)
      await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
    process.exit(failures.length ? 1 : 0);
  });
