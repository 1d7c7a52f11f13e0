// `npm run bench -- kinesis`: records/s end to end from kinesalite (1 and 4 shards, 100,000 records, no-op handler)
// next to a raw GetShardIterator/GetRecords loop on the same client, and the consumer's own cost per record
// measured on a client that replays recorded GetRecords responses. Figures come from one run.
import { performance } from 'node:perf_hooks';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, type GetRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createActor, toPromise } from 'xstate';
import { percentile, printFigures, wantsJson, type Figures } from '@xstate-otp/bench-kit';
import { waitFor } from '@xstate-otp/test-kit';
import { createKinesisConsumer, createShardConsumer, memoryCheckpoints } from '../src/kinesis';
import { MIN_GET_RECORDS_INTERVAL_MS } from '../src/kinesis/internal/readRateLimit';
import { startKinesisTestEnv, type KinesisTestEnv } from '../test/kinesis/kinesisTestEnv';

const RECORDS = 100_000;
const ROUNDS = 3;
const say = (line: string) => wantsJson() || console.error(line);
const handler = async () => {};

/** A 120-byte order, as a typical small event. */
const payload = (i: number) => JSON.stringify({ orderId: i, customer: `c-${i % 977}`, total: (i % 1000) / 10, pad: 'x'.repeat(60) });

async function fill(env: KinesisTestEnv, streamName: string, shards: number): Promise<string[]> {
  const shardIds = await env.createStream(streamName, shards);
  for (let i = 0; i < RECORDS; i += 5000) {
    await env.put(
      streamName,
      Array.from({ length: 5000 }, (_, j) => ({ partitionKey: `pk-${(i + j) % 1009}`, data: payload(i + j) })),
    );
  }
  return shardIds;
}

/**
 * The raw loop a person would write: one iterator per shard at TRIM_HORIZON, GetRecords (Limit 10000) on the
 * NextShardIterator until every record was read. `paced` holds it to Kinesis's 5 calls/s per shard as the
 * consumer is.
 */
async function rawLoop(client: KinesisClient, streamName: string, shardIds: string[], paced: boolean): Promise<number> {
  let read = 0;
  const start = performance.now();
  await Promise.all(
    shardIds.map(async (shardId) => {
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      let lastCall = -Infinity;
      while (read < RECORDS && iterator) {
        if (paced) {
          const wait = lastCall + MIN_GET_RECORDS_INTERVAL_MS - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          lastCall = performance.now();
        }
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        read += page.Records?.length ?? 0;
        // The shard is drained: stop, as the consumer's idle wait would.
        if (!page.Records?.length) break;
        iterator = page.NextShardIterator;
      }
    }),
  );
  return (read / (performance.now() - start)) * 1000;
}

async function consumerLoop(client: KinesisClient, streamName: string): Promise<number> {
  let handled = 0;
  const consumer = createActor(
    createKinesisConsumer({
      client,
      streamName,
      checkpoints: memoryCheckpoints(),
      startingPosition: 'TRIM_HORIZON',
      handler: async (records) => {
        handled += records.length;
      },
    }),
  );
  const start = performance.now();
  consumer.start();
  await waitFor(`${RECORDS} records handled`, () => handled >= RECORDS, { timeoutMs: 300_000, intervalMs: 1 });
  const perSecond = (handled / (performance.now() - start)) * 1000;
  consumer.send({ type: 'otp.shutdown' });
  await toPromise(consumer);
  return perSecond;
}

/**
 * A real KinesisClient whose first middleware answers from recorded responses, so the shard consumer runs
 * exactly as in production (SDK command, decode, handler dispatch, checkpoint) minus the network.
 */
function replayClient(pages: GetRecordsCommandOutput[]): KinesisClient {
  const client = new KinesisClient({ region: 'us-east-1', credentials: { accessKeyId: 'replay', secretAccessKey: 'replay' } });
  let next = 0;
  client.middlewareStack.add(
    () => async () => {
      const i = next++;
      if (i === 0) return { output: { ShardIterator: 'replay-0', $metadata: {} }, response: {} };
      const page = pages[i - 1];
      // After the last recorded page the shard reads as closed, which ends the shard consumer.
      return {
        output: { ...page, NextShardIterator: i < pages.length ? `replay-${i}` : undefined, $metadata: {} },
        response: {},
      };
    },
    { step: 'initialize', priority: 'high', name: 'benchReplay' },
  );
  return client;
}

async function recordPages(client: KinesisClient, streamName: string, shardId: string, limit: number): Promise<GetRecordsCommandOutput[]> {
  const pages: GetRecordsCommandOutput[] = [];
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  for (let read = 0; read < RECORDS && iterator; ) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    pages.push(page);
    read += page.Records!.length;
    iterator = page.NextShardIterator;
  }
  return pages;
}

/** Microseconds per record of the shard consumer alone, over recorded pages replayed in process. */
async function frameworkCost(pages: GetRecordsCommandOutput[]): Promise<number> {
  const records = pages.reduce((n, p) => n + p.Records!.length, 0);
  const consumer = createActor(
    createShardConsumer({
      client: replayClient(pages),
      streamName: 'replay',
      shardId: 'shardId-000000000000',
      handler,
      checkpoints: memoryCheckpoints(),
      startingPosition: 'TRIM_HORIZON',
    }),
  );
  const start = performance.now();
  consumer.start();
  await toPromise(consumer);
  return ((performance.now() - start) * 1000) / records;
}

async function main(): Promise<void> {
  const env = await startKinesisTestEnv();
  const client = new KinesisClient({
    endpoint: env.endpoints.kinesis,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler(),
  });
  const figures: Figures = {};
  try {
    for (const shards of [1, 4]) {
      const streamName = `bench-${shards}`;
      say(`writing ${RECORDS} records to ${shards} shard(s)...`);
      const shardIds = await fill(env, streamName, shards);
      const raw: number[] = [];
      const paced: number[] = [];
      const consumer: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        say(`  round ${round + 1}/${ROUNDS}`);
        raw.push(await rawLoop(client, streamName, shardIds, false));
        paced.push(await rawLoop(client, streamName, shardIds, true));
        consumer.push(await consumerLoop(client, streamName));
      }
      const median = (xs: number[]) => percentile(xs, 50);
      figures[`consumer records/s (${shards} shard${shards > 1 ? 's' : ''})`] = Math.round(median(consumer));
      figures[`raw loop records/s (${shards})`] = Math.round(median(raw));
      figures[`raw loop at 5 reads/s records/s (${shards})`] = Math.round(median(paced));
      figures[`ratio consumer/raw (${shards})`] = median(consumer) / median(raw);
      figures[`ratio consumer/raw at 5 reads/s (${shards})`] = median(consumer) / median(paced);
    }

    say('recording GetRecords pages for the replay...');
    for (const limit of [10_000, 1000]) {
      const pages = await recordPages(client, 'bench-1', 'shardId-000000000000', limit);
      await frameworkCost(pages); // warm-up
      const costs: number[] = [];
      for (let round = 0; round < ROUNDS * 2; round++) costs.push(await frameworkCost(pages));
      figures[`framework us/record (replayed, ${limit}-record pages)`] = percentile(costs, 50);
    }
  } finally {
    client.destroy();
    await env.close();
  }
  printFigures('kinesis', figures);
}

void main();
