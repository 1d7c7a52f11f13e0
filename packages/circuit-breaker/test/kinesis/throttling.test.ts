// K9: throttling and connection resets back off with jitter: no crash, no loss, at most 5 GetRecords/s per shard.
import { createActor, toPromise, type AnyActorRef } from 'xstate';
import { whichChildren } from '@xstate-otp/core';
import { createKinesisConsumer, memoryCheckpoints, type ShardConsumerEmitted } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, type Written, lastWrittenTo, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

it('rides out injected throttling and connection resets without losing, repeating or speeding past 5 reads/s', async () => {
  const streamName = env.uniqueName('busy');
  const [throttled, reset] = await env.createStream(streamName, 2);
  const { client, probe } = env.newKinesisClient();
  // 4 throttles in a row: the SDK's own 3 attempts all fail, the shard consumer backs off, then the
  // next call is throttled once more and the SDK's retry gets through. Likewise 3 resets on the other shard.
  probe.inject({ command: 'GetRecordsCommand', fault: 'throttle', times: 4, shardId: throttled, when: () => fired(throttled) });
  probe.inject({ command: 'GetRecordsCommand', fault: 'connectionReset', times: 3, shardId: reset, when: () => fired(reset) });
  const readsBeforeFaults = 3;
  const fired = (shardId: string) => probe.callsOf('GetRecordsCommand', shardId).length > readsBeforeFaults;

  const checkpoints = memoryCheckpoints();
  const { handler, dataOf } = recordingHandler();
  const consumer = createActor(
    createKinesisConsumer({ client, streamName, handler, checkpoints, startingPosition: 'TRIM_HORIZON', maxRecords: 5, idleTimeBetweenReadsMs: 0 }),
  ).start();
  const statuses = new Set<string>();
  consumer.subscribe({ next: (s) => statuses.add(s.status), error: () => statuses.add('error') });
  const shardsSupervisor = consumer.getSnapshot().children.shards as AnyActorRef;
  await waitFor('two shard consumers', () => whichChildren(shardsSupervisor).length === 2, { timeoutMs: 20_000 });
  const backoffs: Array<Extract<ShardConsumerEmitted, { type: 'shard.backoff' }>> = [];
  for (const { ref } of whichChildren(shardsSupervisor)) ref!.on('shard.backoff', (event: (typeof backoffs)[number]) => backoffs.push(event));

  // A producer writes while the faults happen.
  const written: Written[] = [];
  for (let i = 0; i < 6; i++) {
    written.push(...(await env.put(streamName, Array.from({ length: 8 }, (_, j) => ({ partitionKey: `k${j}`, data: `m${i * 8 + j}` })))));
    await waitFor(`reads after put ${i}`, () => probe.callsOf('GetRecordsCommand').length >= (i + 1) * 4, { timeoutMs: 20_000 });
  }
  await waitFor(
    'both shards checkpointed at their last record',
    async () =>
      (await checkpoints.get(throttled))?.sequenceNumber === lastWrittenTo(written, throttled) &&
      (await checkpoints.get(reset))?.sequenceNumber === lastWrittenTo(written, reset),
    { timeoutMs: 20_000 },
  );
  consumer.send({ type: 'otp.shutdown' });
  await toPromise(consumer);

  expect(statuses).toEqual(new Set(['active', 'done']));
  for (const shardId of [throttled, reset]) {
    expect(dataOf(shardId)).toEqual(written.filter((w) => w.shardId === shardId).map((w) => w.data));
  }
  expect(probe.callsOf('GetRecordsCommand', throttled).filter((c) => c.error).map((c) => c.error)).toEqual(
    Array(4).fill('ProvisionedThroughputExceededException'),
  );
  expect(probe.callsOf('GetRecordsCommand', reset).filter((c) => c.error).map((c) => c.error)).toEqual(Array(3).fill('ECONNRESET'));
  expect(backoffs.map((b) => [b.shardId, b.operation, b.attempt, (b.error as Error).name])).toEqual(
    expect.arrayContaining([
      [throttled, 'fetching', 1, 'ProvisionedThroughputExceededException'],
      [reset, 'fetching', 1, 'Error'],
    ]),
  );
  expect(backoffs).toHaveLength(2);
  // Every HTTP attempt counts, the SDK's retries included: any 6 in a row on one shard span a second or more.
  for (const shardId of [throttled, reset]) {
    const at = probe.callsOf('GetRecordsCommand', shardId).map((c) => c.at);
    expect(at.length).toBeGreaterThan(10);
    const tightest = Math.min(...at.slice(5).map((t, i) => t - at[i]));
    expect(tightest).toBeGreaterThanOrEqual(1000);
  }
});
