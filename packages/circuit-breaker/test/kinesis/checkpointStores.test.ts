// K4 at the store level: checkpoints only move forward (big-integer order, SHARD_END terminal), in memory and in DynamoDB.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import {
  CheckpointStoreError,
  KinesisConsumerError,
  SHARD_END,
  dynamoDbCheckpoints,
  memoryCheckpoints,
  type Checkpoint,
  type CheckpointStore,
} from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { useKinesisTestEnv } from './kinesisTestEnv';

const env = useKinesisTestEnv();

const cp = (sequenceNumber: string, subSequenceNumber = 0): Checkpoint => ({ sequenceNumber, subSequenceNumber });
// Real Kinesis sequence numbers are 56 digits: far past 2^64, so only a big-integer comparison orders them.
const SEQ_A = '49590338271490256608559692538361571095921575989136588898';
const SEQ_B = '49590338271490256608559692538361571095921575989136588899';

const stores: Array<[string, () => CheckpointStore]> = [
  ['memoryCheckpoints', () => memoryCheckpoints()],
  ['dynamoDbCheckpoints', () => dynamoDbCheckpoints({ client: env.dynamo, tableName: env.uniqueName('leases'), createTable: true })],
];

describe.each(stores)('%s', (_name, createStore) => {
  it('moves a checkpoint forward and refuses every step backwards, SHARD_END being terminal', async () => {
    const store = createStore();
    const shard = 'shardId-000000000000';
    expect(await store.get(shard)).toBeUndefined();
    const steps: Array<[Checkpoint, boolean]> = [
      [cp('9'), true],
      [cp('10'), true], // '10' < '9' as strings: the order must be numeric
      [cp('9'), false],
      [cp('10'), false], // equal: nothing to write
      [cp('10', 2), true], // a later user record of the same aggregated record
      [cp('10', 1), false],
      [cp(SEQ_A), true],
      [cp(SEQ_B), true],
      [cp(SEQ_A, 7), false],
      [cp(SHARD_END), true],
      [cp(`${SEQ_B}0`), false], // nothing comes after SHARD_END
      [cp(SHARD_END), false],
    ];
    const results: boolean[] = [];
    for (const [checkpoint] of steps) results.push(await store.set(shard, checkpoint));
    expect(results).toEqual(steps.map(([, written]) => written));
    expect(await store.get(shard)).toEqual(cp(SHARD_END));
    expect(await store.get('shardId-000000000001')).toBeUndefined();
  });

  it('keeps the greatest checkpoint whatever order the writes come in', async () => {
    const store = createStore();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.nat(3)), { minLength: 1, maxLength: 12 }),
        async (writes) => {
          const shard = `shardId-${String(run++).padStart(12, '0')}`;
          let greatest: Checkpoint | undefined;
          for (const [sequence, sub] of writes) {
            const checkpoint = cp(sequence.toString(), sub);
            const forward =
              greatest === undefined ||
              BigInt(checkpoint.sequenceNumber) > BigInt(greatest.sequenceNumber) ||
              (checkpoint.sequenceNumber === greatest.sequenceNumber && sub > greatest.subSequenceNumber);
            expect(await store.set(shard, checkpoint)).toBe(forward);
            if (forward) greatest = checkpoint;
          }
          expect(await store.get(shard)).toEqual(greatest);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects a checkpoint that is not a sequence number', async () => {
    const store = createStore();
    await expect(store.set('shardId-000000000000', cp('12abc'))).rejects.toMatchObject({
      code: 'invalid_checkpoint',
      message: 'checkpoint sequenceNumber must be decimal digits or "SHARD_END", got "12abc"',
    });
    await expect(store.set('shardId-000000000000', cp('12', -1))).rejects.toBeInstanceOf(CheckpointStoreError);
  });
});

describe('dynamoDbCheckpoints', () => {
  it('writes one item per shard in the KCL lease table shape', async () => {
    const tableName = env.uniqueName('leases');
    const store = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'worker-a' });
    await store.set('shardId-000000000002', cp(SEQ_A, 3), { parentShardIds: ['shardId-000000000000'] });
    await store.set('shardId-000000000002', cp(SEQ_B));
    await store.set('shardId-000000000001', cp(SHARD_END));
    expect(await env.scanTable(tableName)).toEqual([
      {
        leaseKey: 'shardId-000000000001',
        checkpoint: SHARD_END,
        checkpointSubSequenceNumber: 0,
        leaseOwner: 'worker-a',
        leaseCounter: 1,
        ownerSwitchesSinceCheckpoint: 0,
      },
      {
        leaseKey: 'shardId-000000000002',
        checkpoint: SEQ_B,
        checkpointSubSequenceNumber: 0,
        leaseOwner: 'worker-a',
        leaseCounter: 2,
        ownerSwitchesSinceCheckpoint: 0,
        parentShardId: ['shardId-000000000000'],
      },
    ]);
  });

  it('never lets a stale writer move a checkpoint backwards', async () => {
    const tableName = env.uniqueName('leases');
    const shard = 'shardId-000000000000';
    const fresh = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'fresh' });
    const stale = dynamoDbCheckpoints({ client: env.dynamo, tableName, workerId: 'stale' });
    expect(await fresh.get(shard)).toBeUndefined();
    const callsBefore = env.dynamoProbe.calls.length;
    expect(await stale.set(shard, cp('100'))).toBe(true);
    // `fresh` moves on while `stale` still believes its own write (leaseCounter 1) is the latest.
    expect(await fresh.set(shard, cp('300'))).toBe(true);
    expect(await stale.set(shard, cp('200'))).toBe(false);
    expect(await stale.set(shard, cp('300'))).toBe(false);
    expect(await env.scanTable(tableName)).toEqual([
      expect.objectContaining({ leaseKey: shard, checkpoint: '300', leaseOwner: 'fresh', leaseCounter: 2 }),
    ]);
    // Each writer first writes against the item it last saw; a conditional-check failure makes it re-read.
    expect(
      env.dynamoProbe.calls
        .slice(callsBefore)
        .filter((c) => c.command !== 'ScanCommand')
        .map((c) => `${c.command.replace('Command', '')}${c.error ? ` ${c.error}` : ''}`),
    ).toEqual([
      'GetItem', // stale has seen nothing yet
      'UpdateItem', // stale: 100 on an absent item
      'UpdateItem ConditionalCheckFailedException', // fresh still believes the item is absent
      'GetItem',
      'UpdateItem', // fresh: 300, leaseCounter 2
      'UpdateItem ConditionalCheckFailedException', // stale: 200 on leaseCounter 1
      'GetItem', // stale sees 300: its 200 would go backwards, nothing is written; nor is 300 again
    ]);
  });

  it('keeps the greatest checkpoint when two writers race', async () => {
    const tableName = env.uniqueName('leases');
    const shard = 'shardId-000000000000';
    const a = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'a' });
    const b = dynamoDbCheckpoints({ client: env.dynamo, tableName, workerId: 'b' });
    await a.get(shard);
    await b.get(shard);
    const writes = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).set(shard, cp(String(1000 + ((i * 7) % 20)))));
    const results = await Promise.all(writes);
    expect(await a.get(shard)).toEqual(cp('1019'));
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const [item] = await env.scanTable(tableName);
    expect(item.leaseCounter).toBe(results.filter(Boolean).length);
  });

  it('reads a KCL lease that has no progress yet (checkpoint TRIM_HORIZON) as no checkpoint', async () => {
    const tableName = env.uniqueName('leases');
    const store = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true, workerId: 'me' });
    await store.get('warm-up');
    await env.dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          leaseKey: { S: 'shardId-000000000000' },
          checkpoint: { S: 'TRIM_HORIZON' },
          checkpointSubSequenceNumber: { N: '0' },
          leaseCounter: { N: '7' },
          leaseOwner: { S: 'kcl-worker' },
        },
      }),
    );
    expect(await store.get('shardId-000000000000')).toBeUndefined();
    expect(await store.set('shardId-000000000000', cp('5'))).toBe(true);
    const { Item } = await env.dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: { leaseKey: { S: 'shardId-000000000000' } } }),
    );
    expect(Item).toMatchObject({ checkpoint: { S: '5' }, leaseCounter: { N: '8' }, leaseOwner: { S: 'me' } });
  });

  it('stops creating its table when every call waiting for it is aborted, and creates it on the next call', async () => {
    const tableName = env.uniqueName('leases');
    const store = dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true });
    const callsOfTable = () => env.dynamoProbe.calls.filter((c) => c.input.TableName === tableName);
    const shutdown = new AbortController();
    const reading = store.get('shardId-000000000000', { signal: shutdown.signal });
    shutdown.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor('no DynamoDB call in flight', () => env.dynamoProbe.inFlight().length === 0, { timeoutMs: 5000 });
    // At most the first DescribeTable went out, and it was aborted: the table was not created behind the caller's back.
    expect(callsOfTable().filter((c) => !(c.command === 'DescribeTableCommand' && c.error === 'AbortError'))).toEqual([]);

    expect(await store.set('shardId-000000000000', cp('7'))).toBe(true);
    expect(await store.get('shardId-000000000000')).toEqual(cp('7'));
    expect(callsOfTable().filter((c) => c.command === 'CreateTableCommand')).toHaveLength(1);
  });

  it('names the table when it does not exist', async () => {
    const store = dynamoDbCheckpoints({ client: env.dynamo, tableName: 'no-such-table' });
    const expected = {
      name: 'CheckpointStoreError',
      code: 'table_not_found',
      message:
        'DynamoDB checkpoint table "no-such-table" does not exist: create it with a string partition key "leaseKey", ' +
        'or pass createTable: true to dynamoDbCheckpoints',
    };
    await expect(store.get('shardId-000000000000')).rejects.toMatchObject(expected);
    await expect(store.set('shardId-000000000000', cp('1'))).rejects.toMatchObject(expected);
  });

  it.each([
    [{ tableName: 'ok-table' }, 'client', 'dynamoDbCheckpoints: option client must be a DynamoDBClient, got undefined'],
    [{ tableName: 42 }, 'tableName', expect.stringContaining('option tableName must be a DynamoDB table name')],
    [{ tableName: 'x' }, 'tableName', expect.stringContaining("got 'x'")],
    [{ tableName: 'ok-table', createTable: 'yes' }, 'createTable', "dynamoDbCheckpoints: option createTable must be a boolean, got 'yes'"],
    [{ tableName: 'ok-table', requestTimeoutMs: 0 }, 'requestTimeoutMs', 'dynamoDbCheckpoints: option requestTimeoutMs must be a number of milliseconds from 1 to 2147483647, got 0'],
    // Past 2^31 - 1 ms a timer fires after about 1 ms: rejected, not silently shortened.
    [
      { tableName: 'ok-table', requestTimeoutMs: 2 ** 31 },
      'requestTimeoutMs',
      'dynamoDbCheckpoints: option requestTimeoutMs must be a number of milliseconds from 1 to 2147483647, got 2147483648',
    ],
  ])('rejects bad options before any call: %o', (options, option, message) => {
    const withClient = option === 'client' ? options : { client: env.dynamo, ...options };
    const calls = env.dynamoProbe.calls.length;
    let thrown: unknown;
    try {
      dynamoDbCheckpoints(withClient as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KinesisConsumerError);
    expect(thrown).toMatchObject({ code: 'invalid_option', option, message });
    expect(env.dynamoProbe.calls.length).toBe(calls);
  });
});
