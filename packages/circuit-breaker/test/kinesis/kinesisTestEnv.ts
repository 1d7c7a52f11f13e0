// The Kinesis tests' and bench's world: kinesalite + dynalite in process, real AWS SDK clients, SDK-middleware faults.
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { aggregate } from 'aws-kinesis-agg';
import { startLocalAws } from '@xstate-otp/local-aws';
import type { KinesisRecord } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';

/** A fault an injected rule produces instead of the real call, as the SDK would see it on the wire. */
export type Fault = 'throttle' | 'connectionReset' | 'expiredIterator';

/** One fault rule: the next `times` calls of `command` (that `when` accepts) fail with `fault`. */
export interface FaultRule {
  command: string;
  fault: Fault;
  times: number;
  /** Only GetShardIterator / GetRecords calls for this shard. */
  shardId?: string;
  when?: (input: Record<string, unknown>) => boolean;
  /** Runs just before the fault is produced (for example to stop an actor at that exact moment). */
  before?: () => void;
}

/** One HTTP attempt the SDK made (every retry is its own attempt), as seen just above the wire. */
export interface CallRecord {
  command: string;
  input: Record<string, unknown>;
  /** The shard a GetShardIterator / GetRecords attempt was for (known from the iterators it saw). */
  shardId?: string;
  /** performance.now() when the attempt went out, and when it settled (undefined while in flight). */
  at: number;
  settledAt?: number;
  error?: string;
  output?: Record<string, unknown>;
}

/** Records calls and injects faults on one real client, as middleware on its own middlewareStack. */
export interface ClientProbe {
  readonly calls: CallRecord[];
  inject(rule: FaultRule): void;
  /** The calls of one command (and shard), in order. */
  callsOf(command: string, shardId?: string): CallRecord[];
  /** Calls sent and not settled yet. */
  inFlight(): CallRecord[];
}

export interface KinesisTestEnv {
  /** http://127.0.0.1:<port> of kinesalite and of dynalite. */
  endpoints: { kinesis: string; dynamo: string };
  kinesis: KinesisClient;
  dynamo: DynamoDBClient;
  kinesisProbe: ClientProbe;
  dynamoProbe: ClientProbe;
  /** Another real Kinesis client on the same kinesalite (its own probe), closed by `close()`. */
  newKinesisClient(options?: { maxAttempts?: number }): { client: KinesisClient; probe: ClientProbe };
  /** A stream name no other test of this process uses. */
  uniqueName(prefix: string): string;
  /** Creates an ACTIVE stream; resolves its shard ids. */
  createStream(streamName: string, shardCount: number): Promise<string[]>;
  /** Writes records in order (PutRecords keeps the order of one call); resolves where each landed. */
  put(streamName: string, records: ReadonlyArray<PutInput>): Promise<Written[]>;
  listShards(streamName: string): Promise<Shard[]>;
  /** Splits a shard at the middle of its hash key range; resolves the two children once ACTIVE again. */
  splitShard(streamName: string, shardId: string): Promise<string[]>;
  /** Merges two adjacent shards; resolves the child once ACTIVE again. */
  mergeShards(streamName: string, shardId: string, adjacentShardId: string): Promise<string>;
  /** The checkpoint writes to a table that succeeded, in the order they settled. */
  checkpointWrites(tableName: string): CheckpointWrite[];
  /** Every item of a DynamoDB table, as plain values keyed by attribute name, sorted by leaseKey. */
  scanTable(tableName: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** One successful conditional write of a checkpoint (an UpdateItem on the lease table). */
export interface CheckpointWrite {
  shardId: string;
  checkpoint: string;
  settledAt: number;
}

/** The sequence number of the last record written to a shard, or undefined when none was. */
export function lastWrittenTo(written: readonly Written[], shardId: string): string | undefined {
  return written.filter((w) => w.shardId === shardId).at(-1)?.sequenceNumber;
}

export interface PutInput {
  partitionKey: string;
  data: string | Uint8Array;
  explicitHashKey?: string;
}

export interface Written {
  partitionKey: string;
  data: string;
  shardId: string;
  sequenceNumber: string;
}

let nameCounter = 0;

/**
 * Starts kinesalite (stream transitions instant) and dynalite on 127.0.0.1 port 0 and real SDK clients
 * on them. Call `close()` in afterAll: it destroys the clients and closes both servers.
 */
export async function startKinesisTestEnv(): Promise<KinesisTestEnv> {
  const aws = await startLocalAws();
  const clients: Array<{ destroy(): void }> = [];

  const newKinesisClient = (options: { maxAttempts?: number } = {}) => {
    const client = new KinesisClient({ ...aws.kinesisConfig(), ...options });
    clients.push(client);
    return { client, probe: probe(client) };
  };
  const { client: kinesis, probe: kinesisProbe } = newKinesisClient();
  const dynamo = new DynamoDBClient(aws.dynamoConfig());
  clients.push(dynamo);
  const dynamoProbe = probe(dynamo);

  async function waitActive(streamName: string): Promise<void> {
    await waitFor(
      `stream ${streamName} ACTIVE`,
      async () =>
        (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))).StreamDescriptionSummary
          ?.StreamStatus === 'ACTIVE',
      { timeoutMs: 20_000 },
    );
  }

  async function listShards(streamName: string): Promise<Shard[]> {
    return (await kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  }

  return {
    endpoints: aws.endpoints,
    kinesis,
    dynamo,
    kinesisProbe,
    dynamoProbe,
    newKinesisClient,
    uniqueName: (prefix) => `${prefix}-${process.pid}-${++nameCounter}`,

    async createStream(streamName, shardCount) {
      await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
      await waitActive(streamName);
      return (await listShards(streamName)).map((s) => s.ShardId!);
    },

    async put(streamName, records) {
      const written: Written[] = [];
      for (let i = 0; i < records.length; i += 500) {
        const chunk = records.slice(i, i + 500);
        const { Records = [], FailedRecordCount } = await kinesis.send(
          new PutRecordsCommand({
            StreamName: streamName,
            Records: chunk.map((r) => ({
              PartitionKey: r.partitionKey,
              Data: typeof r.data === 'string' ? Buffer.from(r.data) : r.data,
              ExplicitHashKey: r.explicitHashKey,
            })),
          }),
        );
        if (FailedRecordCount) throw new Error(`put: ${FailedRecordCount} records failed`);
        chunk.forEach((r, j) =>
          written.push({
            partitionKey: r.partitionKey,
            data: typeof r.data === 'string' ? r.data : Buffer.from(r.data).toString('base64'),
            shardId: Records[j].ShardId!,
            sequenceNumber: Records[j].SequenceNumber!,
          }),
        );
      }
      return written;
    },

    listShards,

    async splitShard(streamName, shardId) {
      const shard = (await listShards(streamName)).find((s) => s.ShardId === shardId)!;
      const start = BigInt(shard.HashKeyRange!.StartingHashKey!);
      const end = BigInt(shard.HashKeyRange!.EndingHashKey!);
      await kinesis.send(
        new SplitShardCommand({
          StreamName: streamName,
          ShardToSplit: shardId,
          NewStartingHashKey: String((start + end) / 2n),
        }),
      );
      await waitActive(streamName);
      return (await listShards(streamName)).filter((s) => s.ParentShardId === shardId).map((s) => s.ShardId!);
    },

    async mergeShards(streamName, shardId, adjacentShardId) {
      await kinesis.send(
        new MergeShardsCommand({ StreamName: streamName, ShardToMerge: shardId, AdjacentShardToMerge: adjacentShardId }),
      );
      await waitActive(streamName);
      return (await listShards(streamName)).find((s) => s.ParentShardId === shardId && s.AdjacentParentShardId === adjacentShardId)!
        .ShardId!;
    },

    checkpointWrites(tableName) {
      return dynamoProbe
        .callsOf('UpdateItemCommand')
        .filter((c) => c.input.TableName === tableName && !c.error && c.settledAt !== undefined)
        .map((c) => ({
          shardId: (c.input.Key as { leaseKey: { S: string } }).leaseKey.S,
          checkpoint: (c.input.ExpressionAttributeValues as Record<string, { S: string }>)[':checkpoint'].S,
          settledAt: c.settledAt!,
        }));
    },

    async scanTable(tableName) {
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
      return Items.map(plainItem).sort((a, b) => String(a.leaseKey).localeCompare(String(b.leaseKey)));
    },

    async close() {
      for (const client of clients) client.destroy();
      await aws.close();
    },
  };
}

/** What a recording handler saw: one entry per record, in the order the handler was given them. */
export interface Handled {
  shardId: string;
  data: string;
  partitionKey: string;
  sequenceNumber: string;
  subSequenceNumber?: number;
}

/**
 * A handler that records every record it is given (data decoded as UTF-8), then runs `onBatch` (which may
 * throw, hang, or check the signal).
 */
export function recordingHandler(
  onBatch?: (records: KinesisRecord[], context: { shardId: string; signal: AbortSignal }, batchIndex: number) => unknown,
) {
  const handled: Handled[] = [];
  const batches: Array<{ shardId: string; data: string[] }> = [];
  const handler = async (records: KinesisRecord[], context: { shardId: string; signal: AbortSignal }) => {
    const data = records.map((r) => Buffer.from(r.data).toString('utf8'));
    batches.push({ shardId: context.shardId, data });
    records.forEach((r, i) =>
      handled.push({
        shardId: context.shardId,
        data: data[i],
        partitionKey: r.partitionKey,
        sequenceNumber: r.sequenceNumber,
        ...(r.subSequenceNumber === undefined ? {} : { subSequenceNumber: r.subSequenceNumber }),
      }),
    );
    await onBatch?.(records, context, batches.length - 1);
  };
  return { handler, handled, batches, dataOf: (shardId: string) => handled.filter((h) => h.shardId === shardId).map((h) => h.data) };
}

/** KPL-aggregates user records with AWS's aws-kinesis-agg, as the KPL would before putting them. */
export function kplAggregate(records: Array<{ partitionKey: string; data: Buffer }>): Promise<Array<{ partitionKey: string; data: Buffer }>> {
  return new Promise((resolve, reject) => {
    const encoded: Array<{ partitionKey: string; data: Buffer }> = [];
    aggregate(
      records,
      (record, done) => {
        encoded.push({ partitionKey: record.partitionKey, data: record.data });
        done();
      },
      () => resolve(encoded),
      reject,
    );
  });
}

function probe(client: KinesisClient | DynamoDBClient): ClientProbe {
  const calls: CallRecord[] = [];
  const rules: FaultRule[] = [];
  const shardOfIterator = new Map<string, string>();
  // Both below the SDK's retry middleware, so every retry attempt is recorded and can be failed. The
  // recorder sits above the deserializer (it sees the parsed output or error of each attempt); the
  // injector below it (a fault comes back as a raw HTTP response through the real deserializer).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName as string;
      const input = args.input as Record<string, unknown>;
      const record: CallRecord = { command, input, at: performance.now() };
      if (command === 'GetShardIteratorCommand') record.shardId = input.ShardId as string;
      if (command === 'GetRecordsCommand') record.shardId = shardOfIterator.get(input.ShardIterator as string);
      calls.push(record);
      try {
        const result = await next(args).finally(() => {
          record.settledAt = performance.now();
        });
        const output = (result.output ?? {}) as Record<string, unknown>;
        record.output = output;
        if (record.shardId !== undefined) {
          const iterator = (output.ShardIterator ?? output.NextShardIterator) as string | undefined;
          if (iterator) shardOfIterator.set(iterator, record.shardId);
        }
        return result;
      } catch (error) {
        record.error = (error as Error).name === 'Error' ? (error as { code?: string }).code : (error as Error).name;
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'testCallRecorder' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const shardId =
        context.commandName === 'GetShardIteratorCommand' ? input.ShardId : shardOfIterator.get(input.ShardIterator as string);
      const rule = rules.find(
        (r) =>
          r.times > 0 &&
          r.command === context.commandName &&
          (r.shardId === undefined || r.shardId === shardId) &&
          (r.when?.(input) ?? true),
      );
      if (!rule) return next(args);
      rule.times--;
      rule.before?.();
      if (rule.fault === 'connectionReset') {
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
      }
      const type = rule.fault === 'throttle' ? 'ProvisionedThroughputExceededException' : 'ExpiredIteratorException';
      return {
        response: {
          statusCode: 400,
          reason: 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'injected-fault' },
          body: Readable.from([Buffer.from(JSON.stringify({ __type: type, message: `injected ${rule.fault}` }))]),
        },
        output: undefined,
      } as unknown as Awaited<ReturnType<typeof next>>;
    },
    { step: 'deserialize', priority: 'low', name: 'testFaultInjector' },
  );
  return {
    calls,
    inject: (rule) => void rules.push({ ...rule }),
    inFlight: () => calls.filter((c) => c.settledAt === undefined),
    callsOf: (command, shardId) => calls.filter((c) => c.command === command && (shardId === undefined || c.shardId === shardId)),
  };
}

function plainItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      value.S ?? (value.N !== undefined ? Number(value.N) : value.SS ? [...value.SS].sort() : value),
    ]),
  );
}

/**
 * Gives the test file one KinesisTestEnv: started before its tests, closed after them. The handle reads
 * through to the environment once beforeAll has run.
 *
 * @example
 * ```ts
 * const env = useKinesisTestEnv();
 * it('reads', async () => { await env.createStream('s', 1); });
 * ```
 */
export function useKinesisTestEnv(): KinesisTestEnv {
  let current: KinesisTestEnv | undefined;
  beforeAll(async () => {
    current = await startKinesisTestEnv();
  });
  afterAll(() => current?.close());
  return new Proxy({} as KinesisTestEnv, {
    get: (_target, key) => {
      if (!current) throw new Error('the Kinesis test environment is used before beforeAll started it');
      return Reflect.get(current, key);
    },
  });
}
