// K7 and K8: after a split or a merge, children start at TRIM_HORIZON only once every parent reached SHARD_END.
import { createActor, toPromise, type AnyActorRef } from 'xstate';
import { whichChildren } from '@xstate-otp/core';
import { SHARD_END, createKinesisConsumer, dynamoDbCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, type Written, lastWrittenTo, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

/** The successful checkpoint writes of one table: [shardId, checkpoint, performance.now() when acknowledged]. */

const key = (r: { shardId: string; data: string }) => `${r.shardId} ${r.data}`;

describe('K7: a shard split while a producer writes', () => {
  it('hands every record of the parent and both children once, no child record before the parent ends', async () => {
    const streamName = env.uniqueName('splitting');
    const [parent] = await env.createStream(streamName, 1);
    const tableName = env.uniqueName('leases');
    const { client, probe } = env.newKinesisClient();
    const { handler, handled } = recordingHandler();
    const consumer = createActor(
      createKinesisConsumer({
        client,
        streamName,
        handler,
        checkpoints: dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true }),
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 7,
        idleTimeBetweenReadsMs: 20,
      }),
    ).start();

    const written: Written[] = [];
    let producing = true;
    let n = 0;
    const producer = (async () => {
      while (producing) {
        written.push(...(await env.put(streamName, Array.from({ length: 5 }, () => ({ partitionKey: `pk-${n % 11}`, data: `e${n++}` })))));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await waitFor('records read before the split', () => handled.length >= 20, { timeoutMs: 20_000 });
    const children = await env.splitShard(streamName, parent);
    await waitFor('records in the children', () => written.filter((w) => children.includes(w.shardId)).length >= 40, { timeoutMs: 20_000 });
    producing = false;
    await producer;
    await waitFor('every record handled', () => handled.length >= written.length, { timeoutMs: 20_000 });
    await waitFor(
      'the children checkpointed at their last record',
      async () => {
        const items = await env.scanTable(tableName);
        return items.length === 3 && children.every((c) => items.some((i) => i.leaseKey === c && i.checkpoint === lastWrittenTo(written, c)));
      },
      { timeoutMs: 20_000 },
    );
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(handled.map(key).sort()).toEqual(written.map(key).sort());
    for (const shardId of [parent, ...children]) {
      expect(handled.filter((h) => h.shardId === shardId).map((h) => h.data)).toEqual(
        written.filter((w) => w.shardId === shardId).map((w) => w.data),
      );
    }
    const lastParentRecord = handled.map((h) => h.shardId).lastIndexOf(parent);
    const firstChildRecord = handled.findIndex((h) => children.includes(h.shardId));
    expect(lastParentRecord).toBeLessThan(firstChildRecord);

    const parentEnd = env.checkpointWrites(tableName).find((w) => w.shardId === parent && w.checkpoint === SHARD_END)!;
    expect(parentEnd).toBeDefined();
    for (const child of children) {
      const [firstIterator] = probe.callsOf('GetShardIteratorCommand', child);
      expect(firstIterator.input.ShardIteratorType).toBe('TRIM_HORIZON');
      expect(firstIterator.at).toBeGreaterThan(parentEnd.settledAt);
    }
    expect((await env.scanTable(tableName)).map((i) => [i.leaseKey, i.checkpoint, i.parentShardId])).toEqual([
      [parent, SHARD_END, undefined],
      [children[0], lastWrittenTo(written, children[0]), [parent]],
      [children[1], lastWrittenTo(written, children[1]), [parent]],
    ]);
  });
});

describe('K8: two shards merged', () => {
  it('starts the child only after both parents reached SHARD_END', async () => {
    const streamName = env.uniqueName('merging');
    const [left, right] = await env.createStream(streamName, 2);
    const toShard = (hashKey: bigint, data: string) => ({ partitionKey: 'any', explicitHashKey: hashKey.toString(), data });
    const low = 1n;
    const high = 2n ** 127n + 1n;
    const written = await env.put(streamName, [
      ...Array.from({ length: 4 }, (_, i) => toShard(low, `left-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => toShard(high, `right-${i}`)),
    ]);
    const child = await env.mergeShards(streamName, left, right);
    written.push(...(await env.put(streamName, Array.from({ length: 4 }, (_, i) => toShard(high, `child-${i}`)))));
    expect(written.map((w) => w.shardId)).toEqual([...Array(4).fill(left), ...Array(4).fill(right), ...Array(4).fill(child)]);

    const tableName = env.uniqueName('leases');
    const { client, probe } = env.newKinesisClient();
    let releaseLeft!: () => void;
    const leftHeld = new Promise<void>((resolve) => {
      releaseLeft = resolve;
    });
    const { handler, handled } = recordingHandler(async (_records, { shardId }) => {
      if (shardId === left) await leftHeld;
    });
    const consumer = createActor(
      createKinesisConsumer({
        client,
        streamName,
        handler,
        checkpoints: dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true }),
        startingPosition: 'TRIM_HORIZON',
        idleTimeBetweenReadsMs: 20,
      }),
    ).start();
    const shards = consumer.getSnapshot().children.shards as AnyActorRef;

    // The right parent is read to its end while the left one is still busy with its batch.
    await waitFor('right SHARD_END', () => env.checkpointWrites(tableName).some((w) => w.shardId === right && w.checkpoint === SHARD_END), { timeoutMs: 20_000 });
    await waitFor('the right consumer gone', () => whichChildren(shards).length === 1, { timeoutMs: 20_000 });
    expect(whichChildren(shards).map((c) => c.id)).toEqual([left]);
    expect(probe.callsOf('GetShardIteratorCommand', child)).toEqual([]);
    expect(handled.filter((h) => h.shardId === child)).toEqual([]);

    releaseLeft();
    await waitFor('every record handled', () => handled.length === written.length, { timeoutMs: 20_000 });
    await waitFor('the child checkpointed', () => env.checkpointWrites(tableName).some((w) => w.shardId === child), { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(handled.map(key).sort()).toEqual(written.map(key).sort());
    const shardOrder = handled.map((h) => h.shardId);
    expect(shardOrder.lastIndexOf(left)).toBeLessThan(shardOrder.indexOf(child));
    expect(shardOrder.lastIndexOf(right)).toBeLessThan(shardOrder.indexOf(child));
    const writes = env.checkpointWrites(tableName);
    const endOf = (shardId: string) => writes.find((w) => w.shardId === shardId && w.checkpoint === SHARD_END)!.settledAt;
    const [firstChildIterator] = probe.callsOf('GetShardIteratorCommand', child);
    expect(firstChildIterator.input.ShardIteratorType).toBe('TRIM_HORIZON');
    expect(firstChildIterator.at).toBeGreaterThan(Math.max(endOf(left), endOf(right)));
    expect((await env.scanTable(tableName)).map((i) => [i.leaseKey, i.checkpoint, i.parentShardId])).toEqual([
      [left, SHARD_END, undefined],
      [right, SHARD_END, undefined],
      [child, written[11].sequenceNumber, [left, right]],
    ]);
  });
});

describe('startingPosition LATEST on a stream split before the consumer ever ran', () => {
  it('skips the closed parent and reads the children from now on', async () => {
    const streamName = env.uniqueName('resharded');
    const [parent] = await env.createStream(streamName, 1);
    await env.put(streamName, [{ partitionKey: 'p', data: 'old-in-parent' }]);
    const children = await env.splitShard(streamName, parent);
    await env.put(streamName, [{ partitionKey: 'p', data: 'old-in-child' }]);
    const { client, probe } = env.newKinesisClient();
    const { handler, handled } = recordingHandler();
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName: env.uniqueName('leases'), createTable: true });
    const consumer = createActor(createKinesisConsumer({ client, streamName, handler, checkpoints, idleTimeBetweenReadsMs: 20 })).start();
    await waitFor('both children read', () => children.every((c) => probe.callsOf('GetRecordsCommand', c).length > 0), { timeoutMs: 20_000 });
    const fresh = await env.put(streamName, ['new-1', 'new-2', 'new-3'].map((data, i) => ({ partitionKey: `k${i}`, data })));
    await waitFor('the new records', () => handled.length === 3, { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(probe.callsOf('GetShardIteratorCommand').map((c) => [c.input.ShardId, c.input.ShardIteratorType])).toEqual(
      children.map((c) => [c, 'LATEST']),
    );
    expect(handled.map(key).sort()).toEqual(fresh.map(key).sort());
  });
});
