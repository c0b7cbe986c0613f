import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type StreamViewType,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { cacheDir, repoRoot } from './paths';
import { type ManagedProcess, portOpen, startProcess, waitUntilReady } from './processes';
import { resourcesOfType, type ServerlessConfig } from './template';

const run = promisify(execFile);

/** DynamoDB Local 1.25.1 ships inside this npm package; we extract only its emulator folder. */
const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/**
 * Makes sure the DynamoDB Local jar and the bind-to-loopback shim are present, fetching the jar
 * from the npm registry (`npm pack`, no dependencies installed) the first time.
 */
export async function ensureDynamoDbLocal(): Promise<{ jarDir: string; shim: string }> {
  const jarDir = join(cacheDir, 'dynamodb-local');
  if (!existsSync(join(jarDir, 'DynamoDBLocal.jar'))) {
    const work = join(cacheDir, `download-${process.pid}`);
    mkdirSync(work, { recursive: true });
    try {
      process.stdout.write(`Fetching DynamoDB Local (${SIMULATOR_PACKAGE}, ~56 MB, once)…\n`);
      const { stdout } = await run('npm', ['pack', SIMULATOR_PACKAGE, '--silent'], { cwd: work });
      const tarball = stdout.trim().split('\n').pop() ?? '';
      await run('tar', ['xzf', tarball, 'package/emulator'], { cwd: work });
      rmSync(jarDir, { recursive: true, force: true });
      renameSync(join(work, 'package', 'emulator'), jarDir);
    } catch (error) {
      throw new Error(`Could not fetch DynamoDB Local from the npm registry: ${(error as Error).message}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const shim = join(cacheDir, 'bind-loopback.so');
  if (!existsSync(shim)) {
    const source = join(repoRoot, 'packages', 'local-stack', 'native', 'bind-loopback.c');
    try {
      await run('cc', ['-shared', '-fPIC', '-O2', '-o', shim, source, '-ldl']);
    } catch (error) {
      throw new Error(
        `Could not compile ${source} (needed so DynamoDB Local listens on 127.0.0.1 only). Install a C compiler (apt-get install -y gcc): ${(error as Error).message}`,
      );
    }
  }
  return { jarDir, shim };
}

export async function assertJava(): Promise<void> {
  try {
    await run('java', ['-version']);
  } catch {
    throw new Error(
      'Java 17+ is required for DynamoDB Local. Install it: apt-get install -y openjdk-17-jre-headless',
    );
  }
}

export async function startDynamoDbLocal(opts: {
  port: number;
  dataDir: string;
  logDir: string;
  /** Keep tables in memory (tests, benchmarks): ~3× faster writes, nothing persists. */
  inMemory?: boolean;
}): Promise<ManagedProcess> {
  await assertJava();
  const { jarDir, shim } = await ensureDynamoDbLocal();
  mkdirSync(opts.dataDir, { recursive: true });
  const proc = startProcess({
    name: 'dynamodb',
    command: 'java',
    args: [
      '-Xmx512m',
      `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jarDir, 'DynamoDBLocal.jar'),
      '-sharedDb',
      ...(opts.inMemory ? ['-inMemory'] : ['-dbPath', opts.dataDir]),
      '-port',
      String(opts.port),
    ],
    // Its metadata file lands in the working directory: keep it inside the data dir.
    cwd: opts.dataDir,
    env: { ...process.env, LD_PRELOAD: shim },
    logDir: opts.logDir,
  });
  await waitUntilReady(proc, portOpen(opts.port), 120_000, `listening on ${opts.port}`);
  return proc;
}

/**
 * Creates every table of serverless.yml (`AWS::DynamoDB::Table`, and `AWS::DynamoDB::GlobalTable` as
 * its home-region replica: DynamoDB Local has one region) that does not exist yet, and turns on a
 * declared stream that a table kept from an earlier start lacks (as a deploy would update it).
 */
export async function createTables(
  client: DynamoDBClient,
  config: ServerlessConfig,
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const tables = [
    ...resourcesOfType(config, 'AWS::DynamoDB::Table'),
    ...resourcesOfType(config, 'AWS::DynamoDB::GlobalTable'),
  ];
  for (const [logicalId, resource] of tables) {
    const p = resource.Properties as Record<string, unknown> & { TableName: string };
    names[logicalId] = p.TableName;
    const stream = p.StreamSpecification as { StreamViewType: StreamViewType } | undefined;
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: p.TableName }));
      if (stream && !Table?.StreamSpecification?.StreamEnabled) {
        await client.send(
          new UpdateTableCommand({
            TableName: p.TableName,
            StreamSpecification: { StreamEnabled: true, ...stream },
          }),
        );
      }
      continue;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const input: CreateTableCommandInput = {
      TableName: p.TableName,
      AttributeDefinitions: p.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      KeySchema: p.KeySchema as CreateTableCommandInput['KeySchema'],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
      LocalSecondaryIndexes: p.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'],
      StreamSpecification: stream ? { StreamEnabled: true, ...stream } : undefined,
    };
    await client.send(new CreateTableCommand(input));
    const ttl = p.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
    if (ttl?.Enabled) {
      await client
        .send(new UpdateTimeToLiveCommand({ TableName: p.TableName, TimeToLiveSpecification: ttl }))
        .catch(() => undefined); // DynamoDB Local accepts but does not expire items; harmless if refused
    }
  }
  return names;
}

export function dynamoDbClient(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
