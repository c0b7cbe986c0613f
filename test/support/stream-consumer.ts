import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackInfo } from '@app/local-stack';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DynamoDBRecord } from 'aws-lambda';

const require = createRequire(import.meta.url);

/** serverless-offline-dynamodb-streams' poller: the same code the local stack runs for every stream event. */
interface PluginPoller {
  create(events: { functionKey: string; dynamodbStreams: object }[]): Promise<void>;
  start(): void;
  stop(): void;
  checkpointState: Record<string, string>;
}
const DynamodbStreams = require('serverless-offline-dynamodb-streams/src/dynamodb-streams.js') as new (
  lambda: object,
  options: object,
  log: object,
) => PluginPoller;
const { filterRecords } = require('serverless-offline-dynamodb-streams/src/filter-patterns.js') as {
  filterRecords: (patterns: object[] | undefined, records: object[]) => object[];
};

export { filterRecords };

export interface StreamConsumer {
  /** Every record the poller delivered (it passed the filter patterns), in order. */
  delivered: DynamoDBRecord[];
  /**
   * Whether the poller has read up to this sequence number (delivered or filtered out): its
   * checkpoint, which the plugin moves past filtered-out records too. Sequence numbers are compared
   * across shards, which is exact while the stream has one open shard (a fresh DynamoDB Local).
   */
  hasRead(sequenceNumber: string): boolean;
  stop(): void;
}

/**
 * A second event source mapping on a table's stream, as another region's stack would have it: the
 * plugin's own poller (GetRecords through the local stack's streams front, signed for `region`, so
 * records carry that region as in AWS; the function's `filterPatterns` applied by the plugin's
 * matcher), invoking the real function on serverless-offline's Lambda port. Only records that
 * `forward` accepts are passed on to the function (so replaying the whole stream cannot touch other
 * tests' users); every delivered record is counted either way.
 */
export async function startStreamConsumer(opts: {
  stack: StackInfo;
  region: string;
  tableName: string;
  functionName: string;
  filterPatterns?: object[];
  forward: (record: DynamoDBRecord) => boolean;
}): Promise<StreamConsumer> {
  const { stack } = opts;
  const lambda = new LambdaClient({
    endpoint: stack.lambdaEndpoint,
    region: stack.region,
    // serverless-offline's Lambda endpoint does not check who invokes.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const delivered: DynamoDBRecord[] = [];
  const invoker = {
    get: () => {
      let records: DynamoDBRecord[] = [];
      return {
        setEvent(event: { Records: DynamoDBRecord[] }) {
          records = event.Records;
        },
        async runHandler() {
          delivered.push(...records);
          const forwarded = records.filter(opts.forward);
          if (forwarded.length === 0) return { batchItemFailures: [] };
          const result = await lambda.send(
            new InvokeCommand({
              FunctionName: opts.functionName,
              Payload: Buffer.from(JSON.stringify({ Records: forwarded })),
            }),
          );
          if (result.FunctionError) throw new Error(`${opts.functionName} failed: ${result.FunctionError}`);
          return result.Payload ? JSON.parse(Buffer.from(result.Payload).toString('utf8')) : undefined;
        },
      };
    },
  };
  const checkpointDir = mkdtempSync(join(tmpdir(), 'stream-consumer-'));
  const poller = new DynamodbStreams(
    invoker,
    {
      endpoint: `http://127.0.0.1:${stack.ports.dynamodbStreams}`,
      region: opts.region,
      accessKeyId: 'local',
      secretAccessKey: 'local',
      checkpointFile: join(checkpointDir, 'checkpoint.json'),
    },
    { warning: () => undefined, notice: () => undefined, debug: () => undefined },
  );
  await poller.create([
    {
      functionKey: opts.functionName,
      dynamodbStreams: {
        tableName: opts.tableName,
        startingPosition: 'TRIM_HORIZON',
        batchSize: 10,
        maximumRetryAttempts: 1,
        readInterval: 200,
        filterPatterns: opts.filterPatterns,
      },
    },
  ]);
  poller.start();
  return {
    delivered,
    hasRead: (sequenceNumber) =>
      Object.values(poller.checkpointState).some((read) => BigInt(read) >= BigInt(sequenceNumber)),
    stop() {
      poller.stop();
      rmSync(checkpointDir, { recursive: true, force: true });
    },
  };
}
