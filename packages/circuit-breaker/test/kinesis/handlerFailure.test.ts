// K2 and K10: a handler that throws or never settles crashes its shard consumer; the restart replays the batch.
import { SimulatedClock, createActor, toPromise, type AnyActorRef } from 'xstate';
import type { SupervisorReportEvent } from '@xstate-otp/core';
import {
  createKinesisConsumer,
  createShardConsumer,
  dynamoDbCheckpoints,
  memoryCheckpoints,
} from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, type Written, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

/** A one-shard stream holding r1..r9, read in batches of 3 from TRIM_HORIZON. */
async function nineRecords(): Promise<{ streamName: string; shardId: string; written: Written[]; tableName: string }> {
  const streamName = env.uniqueName('payments');
  const [shardId] = await env.createStream(streamName, 1);
  const written = await env.put(streamName, Array.from({ length: 9 }, (_, i) => ({ partitionKey: 'p', data: `r${i + 1}` })));
  return { streamName, shardId, written, tableName: env.uniqueName('leases') };
}

/** The checkpoints written to `tableName`, in the order the writes were sent. */
const checkpointWrites = (tableName: string) => env.checkpointWrites(tableName).map((w) => w.checkpoint);

describe('K2: the handler throws', () => {
  it('crashes the shard consumer without checkpointing the batch', async () => {
    const { streamName, shardId, written } = await nineRecords();
    const checkpoints = memoryCheckpoints();
    const boom = new Error('bad record r5');
    const { handler, batches } = recordingHandler((records) => {
      if (records.some((r) => Buffer.from(r.data).toString() === 'r5')) throw boom;
    });
    const consumer = createActor(
      createShardConsumer({ client: env.kinesis, streamName, shardId, handler, checkpoints, startingPosition: 'TRIM_HORIZON', maxRecords: 3 }),
    ).start();
    const error = await toPromise(consumer).catch((e: unknown) => e);

    expect(error).toMatchObject({
      name: 'KinesisConsumerError',
      code: 'handler_failed',
      shardId,
      message: `shard ${shardId} of stream ${streamName}: the handler failed: Error: bad record r5`,
      cause: boom,
    });
    expect(consumer.getSnapshot().status).toBe('error');
    expect(batches.map((b) => b.data)).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'],
    ]);
    expect(await checkpoints.get(shardId)).toEqual({ sequenceNumber: written[2].sequenceNumber, subSequenceNumber: 0 });
  });

  it('delivers the batch again after the supervisor restarts the shard consumer, skipping nothing', async () => {
    const { streamName, shardId, written, tableName } = await nineRecords();
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true });
    let thrown = 0;
    const { handler, batches } = recordingHandler((records) => {
      if (thrown === 0 && records.some((r) => Buffer.from(r.data).toString() === 'r5')) {
        thrown++;
        throw new Error('bad record r5');
      }
    });
    const consumer = createActor(
      createKinesisConsumer({
        client: env.kinesis,
        streamName,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 3,
        idleTimeBetweenReadsMs: 10,
      }),
    ).start();
    const reports: SupervisorReportEvent[] = [];
    (consumer.getSnapshot().children.shards as AnyActorRef).on('supervisor.report', (report: SupervisorReportEvent) => {
      reports.push(report);
    });
    await waitFor('three checkpoints', () => checkpointWrites(tableName).length === 3, { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(batches.map((b) => b.data)).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'], // threw
      ['r4', 'r5', 'r6'], // the restarted shard consumer resumed after r3
      ['r7', 'r8', 'r9'],
    ]);
    expect(checkpointWrites(tableName)).toEqual([written[2], written[5], written[8]].map((w) => w.sequenceNumber));
    expect(reports.map((r) => [r.context, r.offender.id, (r.reason as { kind: string }).kind])).toEqual([
      ['child_terminated', shardId, 'error'],
    ]);
  });
});

describe('K2 with startingPosition LATEST: the first batch fails before any checkpoint', () => {
  /** A one-shard stream, and a LATEST stream consumer (its own client) already reading it, whose first batch throws. */
  async function readingAtLatest(shardRestart: { maxRestarts: number }) {
    const streamName = env.uniqueName('latest');
    const [shardId] = await env.createStream(streamName, 1);
    const { client, probe } = env.newKinesisClient();
    const checkpoints = memoryCheckpoints();
    const { handler, batches } = recordingHandler((_records, _context, index) => {
      if (index === 0) throw new Error('the first batch fails');
    });
    const logic = createKinesisConsumer({ client, streamName, handler, checkpoints, idleTimeBetweenReadsMs: 10, shardRestart });
    const consumer = createActor(logic).start();
    await waitFor('an empty page read at LATEST', () => probe.callsOf('GetRecordsCommand', shardId).some((c) => c.output), { timeoutMs: 20_000 });
    const [r1] = await env.put(streamName, [{ partitionKey: 'p', data: 'r1' }]);
    const positions = () => probe.callsOf('GetShardIteratorCommand', shardId).map((c) => [c.input.ShardIteratorType, c.input.StartingSequenceNumber]);
    return { streamName, shardId, checkpoints, batches, logic, consumer, r1, positions };
  }

  it('delivers it again after the supervisor restarts the shard consumer: LATEST is resolved once', async () => {
    const { streamName, shardId, checkpoints, batches, consumer, r1, positions } = await readingAtLatest({ maxRestarts: 3 });
    await waitFor('r1 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === r1.sequenceNumber, { timeoutMs: 20_000 });
    const [r2] = await env.put(streamName, [{ partitionKey: 'p', data: 'r2' }]);
    await waitFor('r2 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === r2.sequenceNumber, { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(batches.map((b) => b.data)).toEqual([['r1'], ['r1'], ['r2']]);
    // The restart resumed at the first record handed over, not at a new LATEST past it.
    expect(positions()).toEqual([
      ['LATEST', undefined],
      ['AT_SEQUENCE_NUMBER', r1.sequenceNumber],
    ]);
  });

  it('delivers it again when the same consumer logic is started again after it escalated', async () => {
    const { shardId, checkpoints, batches, logic, consumer, r1, positions } = await readingAtLatest({ maxRestarts: 0 });
    await expect(toPromise(consumer)).rejects.toMatchObject({ code: 'reached_max_restart_intensity' });
    expect(await checkpoints.get(shardId)).toBeUndefined();

    // As a supervisor or a circuit breaker (flag cycled) starts its child's logic again.
    const again = createActor(logic).start();
    await waitFor('r1 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === r1.sequenceNumber, { timeoutMs: 20_000 });
    again.send({ type: 'otp.shutdown' });
    await toPromise(again);

    expect(batches.map((b) => b.data)).toEqual([['r1'], ['r1']]);
    expect(positions()).toEqual([
      ['LATEST', undefined],
      ['AT_SEQUENCE_NUMBER', r1.sequenceNumber],
    ]);
  });

  it('is not delivered by a new consumer logic (a new process): with no checkpoint, it starts at LATEST again', async () => {
    const { streamName, shardId, checkpoints, batches, consumer, positions } = await readingAtLatest({ maxRestarts: 0 });
    await expect(toPromise(consumer)).rejects.toMatchObject({ code: 'reached_max_restart_intensity' });

    const next = recordingHandler();
    const { client, probe } = env.newKinesisClient();
    const fresh = createActor(createKinesisConsumer({ client, streamName, handler: next.handler, checkpoints, idleTimeBetweenReadsMs: 10 })).start();
    await waitFor('an empty page read at LATEST', () => probe.callsOf('GetRecordsCommand', shardId).some((c) => c.output), { timeoutMs: 20_000 });
    const [r2] = await env.put(streamName, [{ partitionKey: 'p', data: 'r2' }]);
    await waitFor('r2 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === r2.sequenceNumber, { timeoutMs: 20_000 });
    fresh.send({ type: 'otp.shutdown' });
    await toPromise(fresh);

    expect(batches.map((b) => b.data)).toEqual([['r1']]);
    expect(next.batches.map((b) => b.data)).toEqual([['r2']]);
    expect(positions()).toEqual([['LATEST', undefined]]);
    expect(probe.callsOf('GetShardIteratorCommand', shardId).map((c) => c.input.ShardIteratorType)).toEqual(['LATEST']);
  });
});

describe('K10: the handler never settles', () => {
  it('crashes the shard consumer at handlerTimeoutMs; the restart replays the batch from the checkpoint', async () => {
    const { streamName, written, tableName } = await nineRecords();
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true });
    const signals: AbortSignal[] = [];
    const { handler, batches } = recordingHandler((_records, { signal }, index) => {
      signals.push(signal);
      // The first delivery of r4..r6 hangs forever (it only ends when its signal aborts).
      if (index === 1) return new Promise<void>(() => {});
    });
    // The consumer's timers (handler timeout, idle waits, restart intensity) run on a simulated clock.
    const clock = new SimulatedClock();
    const consumer = createActor(
      createKinesisConsumer({
        client: env.kinesis,
        streamName,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 3,
        handlerTimeoutMs: 30_000,
      }),
      { clock },
    ).start();
    const reports: SupervisorReportEvent[] = [];
    (consumer.getSnapshot().children.shards as AnyActorRef).on('supervisor.report', (report: SupervisorReportEvent) => {
      reports.push(report);
    });
    await waitFor('the hanging batch', () => batches.length === 2, { timeoutMs: 20_000 });
    clock.increment(29_999);
    expect(signals[1].aborted).toBe(false);
    expect(reports).toEqual([]);
    clock.increment(1);
    expect(signals[1].aborted).toBe(true);
    await waitFor('three checkpoints', () => checkpointWrites(tableName).length === 3, { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(batches.map((b) => b.data)).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'], // hung
      ['r4', 'r5', 'r6'],
      ['r7', 'r8', 'r9'],
    ]);
    expect(checkpointWrites(tableName)).toEqual([written[2], written[5], written[8]].map((w) => w.sequenceNumber));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      context: 'child_terminated',
      reason: {
        kind: 'error',
        error: expect.objectContaining({
          code: 'handler_timeout',
          message: expect.stringContaining('the handler did not settle: no result after handlerTimeoutMs 30000'),
        }),
      },
    });
  });
});
