// K12: a shard that keeps crashing escalates past shardRestart to the circuit breaker, which reports it crashed.
import { createActor, toPromise } from 'xstate';
import { SupervisorError } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, memoryFlags, type CircuitBreakerCrashEvent } from '@xstate-otp/circuit-breaker';
import { createKinesisConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

it('reports the consumer crashed after maxRestarts + 1 crashes, keeps it down, and restarts it from its checkpoint once the flag is cycled', async () => {
  const streamName = env.uniqueName('poison');
  const [shardId] = await env.createStream(streamName, 1);
  const written = await env.put(streamName, ['ok-1', 'poison', 'ok-2'].map((data) => ({ partitionKey: 'p', data })));
  let poisoned = true;
  const { handler, batches } = recordingHandler((records) => {
    if (poisoned && records.some((r) => Buffer.from(r.data).toString() === 'poison')) throw new Error('cannot parse poison');
  });
  const checkpoints = memoryCheckpoints();
  const flags = memoryFlags({ 'consumer.poison': true });
  const breaker = createActor(
    createCircuitBreaker({
      flags,
      checkIntervalMs: 50,
      children: [
        {
          id: 'poison-consumer',
          flagKey: 'consumer.poison',
          logic: createKinesisConsumer({
            client: env.kinesis,
            streamName,
            handler,
            checkpoints,
            startingPosition: 'TRIM_HORIZON',
            maxRecords: 1,
            idleTimeBetweenReadsMs: 10,
            shardRestart: { maxRestarts: 2, periodMs: 60_000 },
          }),
        },
      ],
    }),
  ).start();
  const crashes: CircuitBreakerCrashEvent[] = [];
  breaker.on('circuitBreaker.crash', (event) => void crashes.push(event));
  await waitFor('the crash report', () => crashes.length === 1, { timeoutMs: 20_000 });

  // The first delivery and the two restarts the shard restart intensity allows: three crashes, then escalation.
  expect(batches.map((b) => b.data)).toEqual([['ok-1'], ['poison'], ['poison'], ['poison']]);
  expect(crashes[0]).toMatchObject({ type: 'circuitBreaker.crash', id: 'poison-consumer', crashes: 1 });
  expect(crashes[0].error).toBeInstanceOf(SupervisorError);
  expect(crashes[0].error).toMatchObject({
    code: 'reached_max_restart_intensity',
    message: `supervisor 'shards' reached its restart intensity (more than 2 restarts in 60000 ms); last offender '${shardId}'`,
  });
  expect(breakerChildren(breaker)).toEqual([
    expect.objectContaining({ id: 'poison-consumer', status: 'crashed', enabled: true, crashes: 1, lastError: crashes[0].error }),
  ]);
  expect(breaker.getSnapshot().status).toBe('active');
  expect(await checkpoints.get(shardId)).toEqual({ sequenceNumber: written[0].sequenceNumber, subSequenceNumber: 0 });
  // It stays down while the flag stays on: three more checks of the breaker, and nothing more is read.
  const reads = env.kinesisProbe.callsOf('GetRecordsCommand').length;
  let checks = 0;
  breaker.on('circuitBreaker.check', () => void checks++);
  await waitFor('three checks with the flag on', () => checks >= 3, { timeoutMs: 20_000 });
  expect(env.kinesisProbe.callsOf('GetRecordsCommand').length).toBe(reads);
  expect(breakerChildren(breaker)[0].status).toBe('crashed');

  poisoned = false;
  flags.set('consumer.poison', false);
  await waitFor('the consumer off', () => breakerChildren(breaker)[0].status === 'off', { timeoutMs: 20_000 });
  flags.set('consumer.poison', true);
  await waitFor('ok-2 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === written[2].sequenceNumber, {
    timeoutMs: 20_000,
  });
  breaker.send({ type: 'otp.shutdown' });
  await toPromise(breaker);

  expect(batches.map((b) => b.data)).toEqual([['ok-1'], ['poison'], ['poison'], ['poison'], ['poison'], ['ok-2']]);
  expect(breakerChildren(breaker)[0]).toMatchObject({ crashes: 1 });
});
