import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deploy, repoRoot } from './deploy';

const USAGE = `Usage: npm run deploy -- --stage <stage> [--region us-east-1] [--param="key=value" …]
  [--publish-only] [--skip-build] [--out apps/web/out] [--stack-json .local/stack.json]
  --stage local publishes to the running local stack (npm start) instead of AWS.`;

async function main() {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      param: { type: 'string', multiple: true, default: [] },
      'publish-only': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      out: { type: 'string', default: join(repoRoot, 'apps', 'web', 'out') },
      'stack-json': {
        type: 'string',
        default: join(process.env.LOCAL_STACK_DIR ?? join(repoRoot, '.local'), 'stack.json'),
      },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.stage) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const result = await deploy({
    stage: values.stage,
    region: values.region,
    params: values.param.map((p) => `--param=${p}`),
    skipInfrastructure: values['publish-only'],
    skipBuild: values['skip-build'],
    outDir: values.out,
    stackJson: values['stack-json'],
    log: (line) => console.log(line),
  });
  console.log(
    JSON.stringify({
      uploaded: result.uploaded.length,
      deleted: result.deleted.length,
      invalidated: result.invalidated,
    }),
  );
}

main().catch((error: Error) => {
  console.error(`deploy: ${error.message}`);
  process.exit(1);
});
