// Bad input: options are rejected before any call, naming the field and value; a missing stream or table is named.
import { createActor, toPromise } from 'xstate';
import {
  CheckpointStoreError,
  KinesisConsumerError,
  createKinesisConsumer,
  createShardConsumer,
  dynamoDbCheckpoints,
  memoryCheckpoints,
} from '@xstate-otp/circuit-breaker/kinesis';
import { MAX_TIMER_MS } from '@xstate-otp/core';
import { useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(30_000);

const env = useKinesisTestEnv();

const handler = async () => {};

describe.each([
  ['createKinesisConsumer', (o: object) => createKinesisConsumer(o as never)],
  ['createShardConsumer', (o: object) => createShardConsumer({ shardId: 'shardId-000000000000', ...o } as never)],
])('%s', (where, create) => {
  const valid = () => ({ client: env.kinesis, streamName: 'orders', handler, checkpoints: memoryCheckpoints() });

  it.each([
    ['handler', 'not a function', "'not a function'", 'a function (records, { shardId, signal }) => Promise<void>'],
    ['handler', undefined, 'undefined', 'a function (records, { shardId, signal }) => Promise<void>'],
    ['maxRecords', 0, '0', 'an integer from 1 to 10000'],
    ['maxRecords', 10_001, '10001', 'an integer from 1 to 10000'],
    ['maxRecords', 2.5, '2.5', 'an integer from 1 to 10000'],
    ['maxRecords', '100', "'100'", 'an integer from 1 to 10000'],
    ['streamName', 42, '42', 'a Kinesis stream name (1-128 characters a-z A-Z 0-9 _ . -)'],
    ['streamName', '', "''", 'a Kinesis stream name (1-128 characters a-z A-Z 0-9 _ . -)'],
    ['streamName', 'orders stream', "'orders stream'", 'a Kinesis stream name (1-128 characters a-z A-Z 0-9 _ . -)'],
    ['client', {}, '{}', 'a KinesisClient'],
    ['checkpoints', { get: () => undefined }, '{ get: [Function: get] }', 'a CheckpointStore (memoryCheckpoints(), dynamoDbCheckpoints(...))'],
    ['startingPosition', 'EARLIEST', "'EARLIEST'", "'TRIM_HORIZON' or 'LATEST'"],
    ['idleTimeBetweenReadsMs', -1, '-1', 'a number of milliseconds from 0 to 2147483647'],
    ['idleTimeBetweenReadsMs', NaN, 'NaN', 'a number of milliseconds from 0 to 2147483647'],
    ['handlerTimeoutMs', 0, '0', 'a number of milliseconds from 1 to 2147483647'],
    ['requestTimeoutMs', Infinity, 'Infinity', 'a number of milliseconds from 1 to 2147483647'],
    // Every option that becomes a timer: past 2^31 - 1 ms Node fires it after about 1 ms (or throws later).
    ['idleTimeBetweenReadsMs', 2 ** 31, '2147483648', 'a number of milliseconds from 0 to 2147483647'],
    ['handlerTimeoutMs', 3e9, '3000000000', 'a number of milliseconds from 1 to 2147483647'],
    ['requestTimeoutMs', 5e9, '5000000000', 'a number of milliseconds from 1 to 2147483647'],
    ['logger', console.log, '[Function: log]', 'a winston-compatible logger with error, warn, info and debug methods'],
  ])('rejects %s = %p before anything starts', (option, value, shown, expected) => {
    const calls = env.kinesisProbe.calls.length;
    expect(() => create({ ...valid(), [option]: value })).toThrow(
      expect.objectContaining({
        name: 'KinesisConsumerError',
        code: 'invalid_option',
        option,
        value,
        message: `${where}: option ${option} must be ${expected}, got ${shown}`,
      }),
    );
    expect(env.kinesisProbe.calls.length).toBe(calls);
  });

  it('accepts every timer option at MAX_TIMER_MS, the longest delay a timer takes', () => {
    expect(() =>
      create({ ...valid(), idleTimeBetweenReadsMs: MAX_TIMER_MS, handlerTimeoutMs: MAX_TIMER_MS, requestTimeoutMs: MAX_TIMER_MS }),
    ).not.toThrow();
  });
});

it.each([
  [{ shardId: 7 }, 'shardId', 'createShardConsumer: option shardId must be a shard id string, got 7'],
  [{ shardId: 'shardId-000000000001', parentShardIds: 'shardId-000000000000' }, 'parentShardIds', expect.stringContaining('an array of shard ids')],
])('createShardConsumer rejects %p', (extra, option, message) => {
  const options = { client: env.kinesis, streamName: 'orders', handler, checkpoints: memoryCheckpoints(), ...extra };
  expect(() => createShardConsumer(options as never)).toThrow(expect.objectContaining({ code: 'invalid_option', option, message }));
});

it.each([
  [{ maxRestarts: -1 }, 'shardRestart.maxRestarts', 'createKinesisConsumer: option shardRestart.maxRestarts must be an integer >= 0, got -1'],
  [{ periodMs: 0 }, 'shardRestart.periodMs', 'createKinesisConsumer: option shardRestart.periodMs must be a number of milliseconds > 0, got 0'],
  [5, 'shardRestart', 'createKinesisConsumer: option shardRestart must be an object { maxRestarts?, periodMs? }, got 5'],
])('createKinesisConsumer rejects shardRestart %p', (shardRestart, option, message) => {
  const options = { client: env.kinesis, streamName: 'orders', handler, checkpoints: memoryCheckpoints(), shardRestart };
  expect(() => createKinesisConsumer(options as never)).toThrow(expect.objectContaining({ code: 'invalid_option', option, message }));
});

describe('a missing stream', () => {
  it('ends the stream consumer in status error naming the stream', async () => {
    const consumer = createActor(
      createKinesisConsumer({ client: env.kinesis, streamName: 'no-such-stream', handler, checkpoints: memoryCheckpoints() }),
    ).start();
    const error = await toPromise(consumer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KinesisConsumerError);
    expect(error).toMatchObject({
      code: 'stream_not_found',
      message: expect.stringMatching(/^Kinesis stream no-such-stream not found: ResourceNotFoundException: Stream no-such-stream/),
    });
    expect(consumer.getSnapshot().status).toBe('error');
  });

  it('ends a shard consumer in status error naming the stream and the shard', async () => {
    const consumer = createActor(
      createShardConsumer({
        client: env.kinesis,
        streamName: 'no-such-stream',
        shardId: 'shardId-000000000000',
        handler,
        checkpoints: memoryCheckpoints(),
      }),
    ).start();
    const error = await toPromise(consumer).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'KinesisConsumerError',
      code: 'stream_not_found',
      shardId: 'shardId-000000000000',
      message: expect.stringContaining(
        'shard shardId-000000000000 of stream no-such-stream: GetShardIterator failed, stream no-such-stream or its shard shardId-000000000000 does not exist',
      ),
    });
  });
});

describe('a missing checkpoint table', () => {
  it('ends the stream consumer in status error naming the table', async () => {
    const streamName = env.uniqueName('orders');
    await env.createStream(streamName, 1);
    const checkpoints = dynamoDbCheckpoints({ client: env.dynamo, tableName: 'missing-leases' });
    const consumer = createActor(createKinesisConsumer({ client: env.kinesis, streamName, handler, checkpoints })).start();
    const error = await toPromise(consumer).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'KinesisConsumerError',
      code: 'checkpoint_failed',
      message: expect.stringContaining('DynamoDB checkpoint table "missing-leases" does not exist'),
    });
    expect((error as Error).cause).toBeInstanceOf(CheckpointStoreError);
    expect((error as Error).cause).toMatchObject({ code: 'table_not_found' });
  });
});
