// K11's bound: a stream consumer is a worker child, so a handler that never settles holds a graceful stop for its shutdown (5000 ms by default), no longer.
import { performance } from 'node:perf_hooks';
import { SimulatedClock, createActor, type AnyActorRef } from 'xstate';
import { createSupervisor, stopSupervisor, whichChildren, type SupervisorReportEvent } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, memoryFlags } from '@xstate-otp/circuit-breaker';
import { createKinesisConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, type ClientProbe, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

/** Lets every pending promise callback and I/O callback run once (not a sleep: no time passes on the clock). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A one-shard stream holding r1, and a stream consumer (on its own client) whose handler never settles and
 * ignores its signal: only a forced stop ends that batch.
 */
async function stuckConsumer() {
  const streamName = env.uniqueName('stuck');
  const [shardId] = await env.createStream(streamName, 1);
  await env.put(streamName, [{ partitionKey: 'p', data: 'r1' }]);
  const { client, probe } = env.newKinesisClient();
  const checkpoints = memoryCheckpoints();
  const signals: AbortSignal[] = [];
  const { handler, batches } = recordingHandler((_records, { signal }) => {
    signals.push(signal);
    return new Promise<void>(() => {});
  });
  const logic = createKinesisConsumer({ client, streamName, handler, checkpoints, startingPosition: 'TRIM_HORIZON', idleTimeBetweenReadsMs: 10 });
  return { streamName, shardId, probe, checkpoints, signals, batches, logic };
}

/** The shard consumer of a stream consumer's only shard. */
function shardConsumerOf(consumer: AnyActorRef): AnyActorRef | undefined {
  const shards = consumer.getSnapshot().children.shards as AnyActorRef | undefined;
  return shards && whichChildren(shards)[0]?.ref;
}

/** Nothing of the consumer runs any more: no AWS call in flight, none sent since `since`. */
function expectNoAwsCall(probe: ClientProbe, since: number): void {
  expect(probe.inFlight()).toEqual([]);
  expect(probe.calls.filter((c) => c.at > since)).toEqual([]);
  expect(env.dynamoProbe.inFlight()).toEqual([]);
}

it('under a core supervisor with no shutdown in its spec, is a worker stopped by force at 5000 ms, and stopSupervisor resolves', async () => {
  const { probe, checkpoints, shardId, signals, batches, logic } = await stuckConsumer();
  const clock = new SimulatedClock();
  const app = createActor(createSupervisor({ children: [{ id: 'orders', logic }] }), { clock });
  const reports: SupervisorReportEvent[] = [];
  app.on('supervisor.report', (report: SupervisorReportEvent) => void reports.push(report));
  app.start();
  expect(whichChildren(app).map((c) => [c.id, c.type])).toEqual([['orders', 'worker']]);
  const consumer = whichChildren(app)[0].ref!;
  await waitFor('the handler holding r1', () => signals.length === 1, { timeoutMs: 20_000 });

  let stopped = false;
  const stopping = stopSupervisor(app).then(() => {
    stopped = true;
  });
  expect(consumer.getSnapshot().value).toBe('shuttingDown');
  expect(shardConsumerOf(consumer)!.getSnapshot().value).toEqual({ processing: 'draining' });
  await waitFor('no AWS call in flight', () => probe.inFlight().length === 0, { timeoutMs: 20_000 });
  const drainingSince = performance.now();

  clock.increment(4999);
  await turn();
  expect(stopped).toBe(false);
  expect(consumer.getSnapshot().status).toBe('active');
  expect(signals[0].aborted).toBe(false);
  expect(reports).toEqual([]);

  clock.increment(1);
  await stopping;
  expect(consumer.getSnapshot().status).toBe('stopped');
  expect(app.getSnapshot().status).toBe('done');
  expect(signals[0].aborted).toBe(true);
  expect(reports).toEqual([
    expect.objectContaining({
      context: 'shutdown_error',
      reason: 'killed',
      offender: { id: 'orders', restart: 'permanent', shutdown: 5000, type: 'worker', significant: false },
    }),
  ]);
  expect(batches.map((b) => b.data)).toEqual([['r1']]);
  expect(await checkpoints.get(shardId)).toBeUndefined();
  await turn();
  expectNoAwsCall(probe, drainingSince);
});

it('under a circuit breaker with no shutdown in its spec, turning its flag off stops it by force at 5000 ms', async () => {
  const { probe, checkpoints, shardId, signals, batches, logic } = await stuckConsumer();
  const clock = new SimulatedClock();
  const flags = memoryFlags({ 'consumer.orders': true });
  const breaker = createActor(createCircuitBreaker({ flags, children: [{ id: 'orders', flagKey: 'consumer.orders', logic }] }), { clock }).start();
  await waitFor('the handler holding r1', () => signals.length === 1, { timeoutMs: 20_000 });
  const consumer = breakerChildren(breaker)[0].ref!;

  flags.set('consumer.orders', false);
  await waitFor('the consumer draining', () => consumer.getSnapshot().value === 'shuttingDown', { timeoutMs: 20_000 });
  expect(shardConsumerOf(consumer)!.getSnapshot().value).toEqual({ processing: 'draining' });
  await waitFor('no AWS call in flight', () => probe.inFlight().length === 0, { timeoutMs: 20_000 });
  const drainingSince = performance.now();

  clock.increment(4999);
  await turn();
  expect(consumer.getSnapshot().status).toBe('active');
  expect(breakerChildren(breaker)[0]).toMatchObject({ status: 'running', enabled: false });
  expect(signals[0].aborted).toBe(false);

  clock.increment(1);
  expect(consumer.getSnapshot().status).toBe('stopped');
  expect(signals[0].aborted).toBe(true);
  await waitFor('the consumer off', () => breakerChildren(breaker)[0].status === 'off', { timeoutMs: 5000 });
  expect(breakerChildren(breaker)[0]).toMatchObject({ status: 'off', enabled: false, crashes: 0 });
  expect(batches.map((b) => b.data)).toEqual([['r1']]);
  expect(await checkpoints.get(shardId)).toBeUndefined();
  await stopSupervisor(breaker);
  expect(breaker.getSnapshot().status).toBe('done');
  expectNoAwsCall(probe, drainingSince);
});
