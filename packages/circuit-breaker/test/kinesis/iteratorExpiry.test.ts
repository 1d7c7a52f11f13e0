// K5 and K6: iterators expire after 5 minutes; an idle consumer never lets one expire, an expired one resumes exactly.
import { ExpiredIteratorException, GetRecordsCommand } from '@aws-sdk/client-kinesis';
import { createActor, toPromise } from 'xstate';
import { createShardConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

/**
 * Five real minutes are not needed: kinesalite decides expiry by comparing the time written into an
 * iterator with `Date.now()` (an iterator older than 300000 ms gets ExpiredIteratorException), and it runs
 * in this process. Faking only `Date` (every timer stays real) moves kinesalite's clock, and the SDK's,
 * forward on demand while the consumer keeps running on real timers.
 */
function fakeOnlyDate(): void {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

afterEach(() => jest.useRealTimers());

describe('K5: an idle stream', () => {
  it('keeps following fresh iterators for 7 minutes without an ExpiredIteratorException', async () => {
    fakeOnlyDate();
    const streamName = env.uniqueName('idle');
    const [shardId] = await env.createStream(streamName, 1);
    const { client, probe } = env.newKinesisClient();
    const { handler, handled } = recordingHandler();
    const consumer = createActor(
      createShardConsumer({ client, streamName, shardId, handler, checkpoints: memoryCheckpoints(), idleTimeBetweenReadsMs: 0 }),
    ).start();
    await waitFor('the first read', () => probe.callsOf('GetRecordsCommand').length > 0, { timeoutMs: 20_000 });
    const firstIterator = probe.callsOf('GetRecordsCommand')[0].input.ShardIterator as string;

    for (let minute = 1; minute <= 7; minute++) {
      const reads = probe.callsOf('GetRecordsCommand').filter((c) => c.settledAt !== undefined).length;
      await waitFor(
        `reads in minute ${minute}`,
        () => probe.callsOf('GetRecordsCommand').filter((c) => c.settledAt !== undefined).length >= reads + 2,
        { timeoutMs: 20_000 },
      );
      jest.setSystemTime(Date.now() + 60_000);
    }
    // The clock really moved for kinesalite: the first iterator, 7 simulated minutes old, is refused now.
    await expect(env.kinesis.send(new GetRecordsCommand({ ShardIterator: firstIterator }))).rejects.toBeInstanceOf(
      ExpiredIteratorException,
    );
    const [late] = await env.put(streamName, [{ partitionKey: 'k', data: 'after 7 idle minutes' }]);
    await waitFor('the late record', () => handled.length === 1, { timeoutMs: 20_000 });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    const reads = probe.callsOf('GetRecordsCommand');
    expect(reads.filter((c) => c.error)).toEqual([]);
    expect(probe.callsOf('GetShardIteratorCommand')).toHaveLength(1);
    for (let i = 1; i < reads.length; i++) expect(reads[i].input.ShardIterator).toBe(reads[i - 1].output!.NextShardIterator);
    expect(handled).toEqual([{ shardId, data: 'after 7 idle minutes', partitionKey: 'k', sequenceNumber: late.sequenceNumber }]);
  });
});

describe('K6: an expired iterator', () => {
  it.each([
    ['kinesalite expires it (the handler held the batch for 6 minutes)', 'clock'],
    ['the SDK returns ExpiredIteratorException (injected)', 'injected'],
  ])('resumes after the last checkpoint when %s: nothing lost, nothing twice', async (_how, how) => {
    if (how === 'clock') fakeOnlyDate();
    const streamName = env.uniqueName('expiring');
    const [shardId] = await env.createStream(streamName, 1);
    const written = await env.put(streamName, Array.from({ length: 9 }, (_, i) => ({ partitionKey: 'p', data: `r${i + 1}` })));
    const { client, probe } = env.newKinesisClient();
    if (how === 'injected') {
      probe.inject({ command: 'GetRecordsCommand', fault: 'expiredIterator', times: 1, when: () => probe.callsOf('GetRecordsCommand').length === 2 });
    }
    const checkpoints = memoryCheckpoints();
    const { handler, batches } = recordingHandler((_records, _context, index) => {
      if (how === 'clock' && index === 0) jest.setSystemTime(Date.now() + 6 * 60_000);
    });
    const consumer = createActor(
      createShardConsumer({
        client,
        streamName,
        shardId,
        handler,
        checkpoints,
        startingPosition: 'TRIM_HORIZON',
        maxRecords: 3,
        idleTimeBetweenReadsMs: 10,
      }),
    ).start();
    await waitFor('r9 checkpointed', async () => (await checkpoints.get(shardId))?.sequenceNumber === written[8].sequenceNumber, {
      timeoutMs: 20_000,
    });
    consumer.send({ type: 'otp.shutdown' });
    await toPromise(consumer);

    expect(batches.map((b) => b.data)).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'],
      ['r7', 'r8', 'r9'],
    ]);
    // One GetRecords call met the expired iterator. (With the faked Date the SDK also sees kinesalite's real-time
    // Date header as a 6-minute clock skew, corrects it and retries that call: its attempts share one iterator.)
    const expired = probe.callsOf('GetRecordsCommand').filter((c) => c.error);
    expect(new Set(expired.map((c) => c.error))).toEqual(new Set(['ExpiredIteratorException']));
    expect(new Set(expired.map((c) => c.input.ShardIterator)).size).toBe(1);
    expect(probe.callsOf('GetShardIteratorCommand').map((c) => [c.input.ShardIteratorType, c.input.StartingSequenceNumber])).toEqual([
      ['TRIM_HORIZON', undefined],
      ['AFTER_SEQUENCE_NUMBER', written[2].sequenceNumber],
    ]);
  });
});
