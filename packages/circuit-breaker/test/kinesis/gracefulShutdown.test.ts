// K11: a graceful stop mid-batch (otp.shutdown, flag off, SIGTERM) finishes the batch, checkpoints it, leaves no call running.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createActor, toPromise, type AnyActorRef } from 'xstate';
import { whichChildren } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, memoryFlags } from '@xstate-otp/circuit-breaker';
import { createKinesisConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

/** A handler whose batches on `shardId` wait until released; `held` resolves when one is waiting. */
function heldHandler(shardId: () => string) {
  let release!: () => void;
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => {
    held = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const signals: AbortSignal[] = [];
  const recording = recordingHandler(async (_records, context) => {
    if (context.shardId !== shardId()) return;
    signals.push(context.signal);
    held();
    await gate;
  });
  return { ...recording, release, isHeld, signals };
}

it('on otp.shutdown, stops the idle shards at once and lets the busy one finish and checkpoint its batch', async () => {
  const streamName = env.uniqueName('stopping');
  const [busy, idle] = await env.createStream(streamName, 2);
  const written = await env.put(streamName, [{ partitionKey: 'a', data: 'r1', explicitHashKey: '1' }, { partitionKey: 'a', data: 'r2', explicitHashKey: '1' }]);
  expect(written.map((w) => w.shardId)).toEqual([busy, busy]);
  const { client, probe } = env.newKinesisClient();
  const checkpoints = memoryCheckpoints();
  const { handler, release, isHeld, signals, batches } = heldHandler(() => busy);
  const consumer = createActor(
    createKinesisConsumer({ client, streamName, handler, checkpoints, startingPosition: 'TRIM_HORIZON', idleTimeBetweenReadsMs: 0 }),
  ).start();
  await isHeld;
  const shards = consumer.getSnapshot().children.shards as AnyActorRef;
  const refOf = (shardId: string) => whichChildren(shards).find((c) => c.id === shardId)?.ref;
  await waitFor('the idle shard polling', () => probe.callsOf('GetRecordsCommand', idle).length >= 2, { timeoutMs: 20_000 });

  const shutdownAt = performance.now();
  consumer.send({ type: 'otp.shutdown' });
  expect(consumer.getSnapshot().value).toBe('shuttingDown');
  await waitFor('the idle shard consumer stopped', () => refOf(idle) === undefined, { timeoutMs: 20_000 });
  expect(refOf(busy)!.getSnapshot().value).toEqual({ processing: 'draining' });
  // The idle shard's read in flight was aborted (or had just ended): nothing runs, nothing new starts.
  await waitFor('no call in flight', () => probe.inFlight().length === 0, { timeoutMs: 20_000 });
  const idleReads = probe.callsOf('GetRecordsCommand', idle);
  expect(idleReads.filter((c) => c.at > shutdownAt)).toEqual([]);
  expect(idleReads.filter((c) => c.error !== undefined && c.error !== 'AbortError')).toEqual([]);
  expect(await checkpoints.get(busy)).toBeUndefined();

  release();
  expect(await toPromise(consumer)).toEqual({ exit: 'shutdown', streamName });
  expect(batches).toEqual([{ shardId: busy, data: ['r1', 'r2'] }]);
  expect(signals[0].aborted).toBe(false);
  expect(await checkpoints.get(busy)).toEqual({ sequenceNumber: written[1].sequenceNumber, subSequenceNumber: 0 });
  expect(await checkpoints.get(idle)).toBeUndefined();
  expect(probe.inFlight()).toEqual([]);
  expect(env.dynamoProbe.inFlight()).toEqual([]);
});

it('when its flag turns off mid-batch, finishes and checkpoints the batch; when it turns on, resumes after it', async () => {
  const streamName = env.uniqueName('flagged');
  const [shardId] = await env.createStream(streamName, 1);
  const first = await env.put(streamName, ['r1', 'r2', 'r3'].map((data) => ({ partitionKey: 'p', data })));
  const checkpoints = memoryCheckpoints();
  const { handler, release, isHeld, batches } = heldHandler(() => (batches.length === 1 ? shardId : 'none'));
  const flags = memoryFlags({ 'consumer.orders': true });
  const breaker = createActor(
    createCircuitBreaker({
      flags,
      children: [
        {
          id: 'orders',
          flagKey: 'consumer.orders',
          shutdown: 30_000,
          logic: createKinesisConsumer({ client: env.kinesis, streamName, handler, checkpoints, startingPosition: 'TRIM_HORIZON', idleTimeBetweenReadsMs: 10 }),
        },
      ],
    }),
  ).start();
  await isHeld;
  flags.set('consumer.orders', false);
  await waitFor('the consumer stopping', () => breakerChildren(breaker)[0].ref?.getSnapshot().value === 'shuttingDown', { timeoutMs: 20_000 });
  expect(breakerChildren(breaker)[0].status).toBe('running');
  release();
  await waitFor('the consumer off', () => breakerChildren(breaker)[0].status === 'off', { timeoutMs: 20_000 });
  expect(await checkpoints.get(shardId)).toEqual({ sequenceNumber: first[2].sequenceNumber, subSequenceNumber: 0 });

  const second = await env.put(streamName, ['r4', 'r5'].map((data) => ({ partitionKey: 'p', data })));
  flags.set('consumer.orders', true);
  await waitFor('r5 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === second[1].sequenceNumber, { timeoutMs: 20_000 });
  breaker.send({ type: 'otp.shutdown' });
  await toPromise(breaker);

  expect(batches.map((b) => b.data)).toEqual([
    ['r1', 'r2', 'r3'],
    ['r4', 'r5'],
  ]);
  expect(breakerChildren(breaker)[0]).toMatchObject({ crashes: 0 });
});

it('on SIGTERM, the service finishes the batch in flight, checkpoints it and its process exits by itself', async () => {
  const service = spawn(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'fixtures', 'sigtermService.ts')], {
    cwd: join(__dirname, '..', '..', '..', '..'),
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  service.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  service.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => service.once('exit', resolve));
  try {
    await waitFor(`a batch in flight (stderr: ${stderr})`, () => lines.some((l) => l.startsWith('batch ')), { timeoutMs: 40_000 });
    service.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000).unref())]);
    expect(code).toBe(0);
    expect(lines.slice(lines.indexOf('ready'))).toEqual([
      'ready',
      expect.stringMatching(/^batch r\d(,r\d)*$/),
      'SIGTERM',
      'batch done, aborted false',
      'checkpoint is last record true',
      'closed',
    ]);
  } finally {
    if (service.exitCode === null) service.kill('SIGKILL');
  }
});
