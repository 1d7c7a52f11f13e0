// K1: every record written reaches the handler once, in shard order, with a checkpoint after each batch.
import { createActor, toPromise } from 'xstate';
import {
  SHARD_END,
  createKinesisConsumer,
  createShardConsumer,
  dynamoDbCheckpoints,
  memoryCheckpoints,
  type KinesisRecord,
  type ShardConsumerEmitted,
} from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { kplAggregate, recordingHandler, lastWrittenTo, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

describe('a stream consumer', () => {
  it('hands every record of every shard to the handler once, in shard and partition key order', async () => {
    const streamName = env.uniqueName('orders');
    const shardIds = await env.createStream(streamName, 4);
    const order = (i: number) => ({ partitionKey: `customer-${i % 20}`, data: `order-${i}` });
    const before = await env.put(streamName, Array.from({ length: 120 }, (_, i) => order(i)));
    const tableName = env.uniqueName('leases');
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'test' });
    const { handler, handled } = recordingHandler();
    const consumer = createActor(
      createKinesisConsumer({
        client: env.kinesis,
        streamName,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 25,
        idleTimeBetweenReadsMs: 20,
      }),
    ).start();
    // The producer keeps writing while the shards are read.
    const during: typeof before = [];
    for (let batch = 0; batch < 4; batch++) {
      await waitFor(`${30 * (batch + 1)} records handled`, () => handled.length >= 30 * (batch + 1), { timeoutMs: 20_000 });
      during.push(...(await env.put(streamName, Array.from({ length: 20 }, (_, i) => order(120 + batch * 20 + i)))));
    }
    const written = [...before, ...during];
    await waitFor(`${written.length} records handled`, () => handled.length >= written.length, { timeoutMs: 20_000 });
    await waitFor(
      'every shard checkpointed at its last record',
      async () => (await env.scanTable(tableName)).every((item) => item.checkpoint === lastWrittenTo(written, String(item.leaseKey))),
      { timeoutMs: 20_000 },
    );
    consumer.send({ type: 'otp.shutdown' });
    expect(await toPromise(consumer)).toEqual({ exit: 'shutdown', streamName });

    const key = (r: { shardId: string; data: string; sequenceNumber: string }) => `${r.shardId} ${r.sequenceNumber} ${r.data}`;
    expect(handled.map(key).sort()).toEqual(written.map(key).sort()); // each record exactly once
    for (const shardId of shardIds) {
      expect(handled.filter((h) => h.shardId === shardId).map((h) => h.data)).toEqual(
        written.filter((w) => w.shardId === shardId).map((w) => w.data),
      );
    }
    for (let k = 0; k < 20; k++) {
      const ofKey = (records: Array<{ partitionKey: string; data: string }>) =>
        records.filter((r) => r.partitionKey === `customer-${k}`).map((r) => r.data);
      expect(ofKey(handled)).toEqual(ofKey(written));
    }
    expect((await env.scanTable(tableName)).map((item) => [item.leaseKey, item.checkpoint])).toEqual(
      shardIds.filter((id) => lastWrittenTo(written, id)).map((id) => [id, lastWrittenTo(written, id)]),
    );
  });
});

describe('a shard consumer', () => {
  it('hands every record to the handler in order, in batches of maxRecords, checkpointing each batch', async () => {
    const streamName = env.uniqueName('orders');
    const [shardId] = await env.createStream(streamName, 1);
    const written = await env.put(
      streamName,
      Array.from({ length: 25 }, (_, i) => ({ partitionKey: `customer-${i % 3}`, data: `order-${i}` })),
    );
    const tableName = env.uniqueName('leases');
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'test' });
    const { handler, handled, batches } = recordingHandler();
    const actor = createActor(
      createShardConsumer({
        client: env.kinesis,
        streamName,
        shardId,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 10,
        idleTimeBetweenReadsMs: 10,
      }),
    );
    const emitted: ShardConsumerEmitted[] = [];
    actor.on('shard.batch', (event) => void emitted.push(event));
    actor.start();
    await waitFor('3 batches checkpointed', () => emitted.length === 3 && actor.getSnapshot().matches('idle'), { timeoutMs: 20_000 });
    actor.send({ type: 'otp.shutdown' });
    const output = await toPromise(actor);

    expect(handled).toEqual(
      written.map((w) => ({ shardId, data: w.data, partitionKey: w.partitionKey, sequenceNumber: w.sequenceNumber })),
    );
    expect(batches.map((b) => b.data.length)).toEqual([10, 10, 5]);
    expect(emitted).toEqual(
      [9, 19, 24].map((i, n) => ({
        type: 'shard.batch',
        shardId,
        records: n === 2 ? 5 : 10,
        checkpoint: { sequenceNumber: written[i].sequenceNumber, subSequenceNumber: 0 },
        millisBehindLatest: 0,
      })),
    );
    expect(output).toEqual({
      exit: 'shutdown',
      shardId,
      checkpoint: { sequenceNumber: written[24].sequenceNumber, subSequenceNumber: 0 },
    });
    expect(await env.scanTable(tableName)).toEqual([
      {
        leaseKey: shardId,
        checkpoint: written[24].sequenceNumber,
        checkpointSubSequenceNumber: 0,
        leaseOwner: 'test',
        leaseCounter: 3,
        ownerSwitchesSinceCheckpoint: 0,
      },
    ]);
  });

  it('reports and checkpoints each batch as it came, even when the handler empties or rewrites its records', async () => {
    const streamName = env.uniqueName('mutating');
    const [shardId] = await env.createStream(streamName, 1);
    const written = await env.put(streamName, ['m1', 'm2', 'm3'].map((data) => ({ partitionKey: 'p', data })));
    const checkpoints = memoryCheckpoints();
    const sizes: number[] = [];
    const handler = async (records: KinesisRecord[]) => {
      sizes.push(records.length);
      for (const record of records) record.sequenceNumber = '1';
      records.length = 0;
    };
    const actor = createActor(
      createShardConsumer({ client: env.kinesis, streamName, shardId, handler, checkpoints, startingPosition: 'TRIM_HORIZON', idleTimeBetweenReadsMs: 10 }),
    );
    const emitted: ShardConsumerEmitted[] = [];
    actor.on('shard.batch', (event) => void emitted.push(event));
    actor.start();
    await waitFor('the batch checkpointed', () => emitted.length === 1, { timeoutMs: 20_000 });
    actor.send({ type: 'otp.shutdown' });
    await toPromise(actor);

    const checkpoint = { sequenceNumber: written[2].sequenceNumber, subSequenceNumber: 0 };
    expect(sizes).toEqual([3]);
    expect(emitted).toEqual([{ type: 'shard.batch', shardId, records: 3, checkpoint, millisBehindLatest: 0 }]);
    expect(await checkpoints.get(shardId)).toEqual(checkpoint);
  });

  it('always reads with the NextShardIterator of the previous page, empty pages included', async () => {
    const streamName = env.uniqueName('quiet');
    const [shardId] = await env.createStream(streamName, 1);
    const { client, probe } = env.newKinesisClient();
    const { handler, handled } = recordingHandler();
    const actor = createActor(
      createShardConsumer({ client, streamName, shardId, handler, checkpoints: memoryCheckpoints(), idleTimeBetweenReadsMs: 0 }),
    ).start();
    await waitFor('5 empty pages', () => probe.callsOf('GetRecordsCommand').length >= 5, { timeoutMs: 20_000 });
    const [written] = await env.put(streamName, [{ partitionKey: 'k', data: 'late' }]);
    await waitFor('the late record', () => handled.length === 1, { timeoutMs: 20_000 });
    await waitFor('more empty pages', () => probe.callsOf('GetRecordsCommand').length >= 12, { timeoutMs: 20_000 });
    actor.send({ type: 'otp.shutdown' });
    await toPromise(actor);

    const reads = probe.callsOf('GetRecordsCommand');
    const [start] = probe.callsOf('GetShardIteratorCommand');
    expect(start.input).toMatchObject({ ShardIteratorType: 'LATEST', ShardId: shardId });
    expect(reads[0].input.ShardIterator).toBe(start.output!.ShardIterator);
    for (let i = 1; i < reads.length; i++) {
      expect(reads[i].input.ShardIterator).toBe(reads[i - 1].output!.NextShardIterator);
    }
    expect(probe.callsOf('GetShardIteratorCommand')).toHaveLength(1);
    expect(handled).toEqual([{ shardId, data: 'late', partitionKey: 'k', sequenceNumber: written.sequenceNumber }]);
  });

  it('de-aggregates KPL records with aws-kinesis-agg and keeps the sub-sequence number in the checkpoint', async () => {
    const streamName = env.uniqueName('kpl');
    const [shardId] = await env.createStream(streamName, 1);
    const users = ['a', 'b', 'c', 'd'].map((k, i) => ({ partitionKey: `pk-${k}`, data: Buffer.from(`user-${i}`) }));
    const [aggregated] = await kplAggregate(users);
    const [plain] = await env.put(streamName, [{ partitionKey: 'plain', data: 'not-aggregated' }]);
    const [kpl] = await env.put(streamName, [{ partitionKey: aggregated.partitionKey, data: aggregated.data }]);
    const checkpoints = memoryCheckpoints();
    const { handler, handled } = recordingHandler();
    const actor = createActor(
      createShardConsumer({ client: env.kinesis, streamName, shardId, handler, checkpoints, startingPosition: 'TRIM_HORIZON' }),
    ).start();
    await waitFor('5 records', () => handled.length === 5, { timeoutMs: 20_000 });
    actor.send({ type: 'otp.shutdown' });
    await toPromise(actor);

    expect(handled).toEqual([
      { shardId, data: 'not-aggregated', partitionKey: 'plain', sequenceNumber: plain.sequenceNumber },
      ...users.map((u, i) => ({
        shardId,
        data: `user-${i}`,
        partitionKey: u.partitionKey,
        sequenceNumber: kpl.sequenceNumber,
        subSequenceNumber: i,
      })),
    ]);
    expect(await checkpoints.get(shardId)).toEqual({ sequenceNumber: kpl.sequenceNumber, subSequenceNumber: 3 });
  });

  it('ends a closed shard with a SHARD_END checkpoint and the final state shardEnded', async () => {
    const streamName = env.uniqueName('closing');
    const [parent] = await env.createStream(streamName, 1);
    const written = await env.put(streamName, [1, 2, 3].map((i) => ({ partitionKey: `k${i}`, data: `before-split-${i}` })));
    await env.splitShard(streamName, parent);
    const checkpoints = memoryCheckpoints();
    const { handler, handled } = recordingHandler();
    const actor = createActor(
      createShardConsumer({
        client: env.kinesis,
        streamName,
        shardId: parent,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        idleTimeBetweenReadsMs: 0,
      }),
    );
    const emitted: Array<Extract<ShardConsumerEmitted, { type: 'shard.batch' }>> = [];
    actor.on('shard.batch', (event) => void emitted.push(event));
    actor.start();
    const output = await toPromise(actor);

    expect(handled.map((h) => h.data)).toEqual(written.map((w) => w.data));
    expect(emitted.map((e) => e.checkpoint.sequenceNumber)).toEqual([written[2].sequenceNumber, SHARD_END]);
    expect(actor.getSnapshot().value).toBe('shardEnded');
    expect(output).toEqual({ exit: 'shardEnd', shardId: parent, checkpoint: { sequenceNumber: SHARD_END, subSequenceNumber: 0 } });
    expect(await checkpoints.get(parent)).toEqual({ sequenceNumber: SHARD_END, subSequenceNumber: 0 });
  });
});
