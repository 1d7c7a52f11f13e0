// A CheckpointStore in DynamoDB, one item per shard in the KCL lease table's shape, written conditionally.
import { hostname } from 'node:os';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateItemCommand,
  waitUntilTableExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { SHARD_END, type Checkpoint, type CheckpointStore } from './checkpointStore';
import { CheckpointStoreError, KinesisConsumerError } from '../errors';
import { assertCheckpoint, compareCheckpoints } from './internal/compareCheckpoints';
import { requestSignal } from './internal/requestSignal';
import { isMs, msRange } from './internal/resolveConsumerOptions';

/**
 * Options of {@link dynamoDbCheckpoints}.
 *
 * @example
 * ```ts
 * const options: DynamoDbCheckpointsOptions = { client: new DynamoDBClient({}), tableName: 'orders-consumer', createTable: true };
 * ```
 */
export interface DynamoDbCheckpointsOptions {
  client: DynamoDBClient;
  /** The lease table: string partition key `leaseKey`, as KCL's. */
  tableName: string;
  /**
   * Create the table (on-demand billing) when it does not exist. Default false: a missing table is an error
   * naming it. The creation is aborted when every call waiting for it is (a stop), and tried again by the next.
   */
  createTable?: boolean;
  /** Written as each item's `leaseOwner`. Default `<hostname>:<pid>`. */
  workerId?: string;
  /** Timeout of each DynamoDB call, 1 to 2147483647 ms. Default 10000. */
  requestTimeoutMs?: number;
}

/** The item attributes, named as KCL names them so that a KCL-style lease coordinator can take over later. */
const LEASE_KEY = 'leaseKey';
const MAX_WRITE_ATTEMPTS = 10;
const TABLE_WAIT_SECONDS = 120;

/** What this store last saw of an item: the optimistic lock (`leaseCounter`) and the checkpoint. */
interface KnownItem {
  exists: boolean;
  leaseCounter?: number;
  checkpoint?: Checkpoint;
}

/**
 * Checkpoints in a DynamoDB table laid out as KCL's lease table: one item per shard, `leaseKey` = shard
 * id, with `checkpoint` (S), `checkpointSubSequenceNumber` (N), `leaseOwner` (S), `leaseCounter` (N),
 * `ownerSwitchesSinceCheckpoint` (N) and `parentShardId` (SS). Every write is conditional on the
 * `leaseCounter` it read, and compares sequence numbers as big integers first, so a stale writer can
 * never move a checkpoint backwards; `SHARD_END` is terminal.
 *
 * @example
 * ```ts
 * const checkpoints = dynamoDbCheckpoints({ client: new DynamoDBClient({}), tableName: 'orders-consumer', createTable: true });
 * const consumer = createKinesisConsumer({ client, streamName: 'orders', handler, checkpoints });
 * ```
 */
export function dynamoDbCheckpoints(options: DynamoDbCheckpointsOptions): CheckpointStore {
  const { client, tableName, createTable = false, workerId = `${hostname()}:${process.pid}`, requestTimeoutMs = 10_000 } =
    validate(options);
  const known = new Map<string, KnownItem>();
  let tableExists = false;
  /** The table's creation in progress, shared by the calls that wait for it. */
  let creating: { done: Promise<void>; controller: AbortController; waiting: number } | undefined;

  const send = <T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> =>
    call(requestSignal(signal, requestTimeoutMs)).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) {
        throw new CheckpointStoreError(
          'table_not_found',
          `DynamoDB checkpoint table "${tableName}" does not exist: create it with a string partition key ` +
            `"${LEASE_KEY}", or pass createTable: true to dynamoDbCheckpoints`,
          error,
        );
      }
      throw error;
    });

  /**
   * Creates the table once for every call that needs it. Each call stops waiting when its own signal aborts
   * (shutdown, its timeout), and when the last one has, the creation's calls are aborted too: a stopped
   * consumer leaves no AWS call running.
   */
  async function ensureTable(signal?: AbortSignal): Promise<void> {
    if (!createTable || tableExists) return;
    signal?.throwIfAborted();
    if (!creating) {
      const controller = new AbortController();
      const done = createTableIfMissing(AbortSignal.any([controller.signal, AbortSignal.timeout(TABLE_WAIT_SECONDS * 1000)])).then(
        () => {
          tableExists = true;
        },
      );
      const current = { done, controller, waiting: 0 };
      creating = current;
      // Settled, it makes way for the next try; its failure is each waiter's (or nobody's, once all left).
      done
        .catch(() => undefined)
        .finally(() => {
          if (creating === current) creating = undefined;
        });
    }
    const current = creating;
    current.waiting++;
    try {
      await untilAborted(current.done, signal);
    } finally {
      if (--current.waiting === 0 && !tableExists) {
        // Nobody waits any more: abort it, and let the next call start afresh rather than join an aborted one.
        current.controller.abort();
        if (creating === current) creating = undefined;
      }
    }
  }

  async function createTableIfMissing(abortSignal: AbortSignal): Promise<void> {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal });
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      try {
        await client.send(
          new CreateTableCommand({
            TableName: tableName,
            KeySchema: [{ AttributeName: LEASE_KEY, KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: LEASE_KEY, AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
          { abortSignal },
        );
      } catch (createError) {
        // Another process created it first.
        if (!(createError instanceof ResourceInUseException)) throw createError;
      }
    }
    await waitUntilTableExists({ client, maxWaitTime: TABLE_WAIT_SECONDS, abortSignal }, { TableName: tableName });
  }

  async function read(shardId: string, signal?: AbortSignal): Promise<KnownItem> {
    await ensureTable(signal);
    const { Item } = await send(
      (abortSignal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: { [LEASE_KEY]: { S: shardId } }, ConsistentRead: true }), {
          abortSignal,
        }),
      signal,
    );
    const item: KnownItem = Item
      ? { exists: true, leaseCounter: numberOf(Item.leaseCounter), checkpoint: checkpointOf(Item) }
      : { exists: false };
    known.set(shardId, item);
    return item;
  }

  return {
    async get(shardId, callOptions) {
      const { checkpoint } = await read(shardId, callOptions?.signal);
      return checkpoint && { ...checkpoint };
    },

    async set(shardId, checkpoint, setOptions = {}) {
      assertCheckpoint(checkpoint);
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        // The last item this store wrote is usually still current: write against it and re-read only when
        // the condition says someone else wrote in between.
        const item = known.get(shardId) ?? (await read(shardId, setOptions.signal));
        if (item.checkpoint && compareCheckpoints(item.checkpoint, checkpoint) >= 0) return false;
        const leaseCounter = (item.leaseCounter ?? 0) + 1;
        const values: Record<string, AttributeValue> = {
          ':checkpoint': { S: checkpoint.sequenceNumber },
          ':sub': { N: String(checkpoint.subSequenceNumber) },
          ':owner': { S: workerId },
          ':counter': { N: String(leaseCounter) },
          ':zero': { N: '0' },
        };
        let update =
          'SET checkpoint = :checkpoint, checkpointSubSequenceNumber = :sub, leaseOwner = :owner, ' +
          'leaseCounter = :counter, ownerSwitchesSinceCheckpoint = :zero';
        if (setOptions.parentShardIds?.length) {
          update += ', parentShardId = :parents';
          values[':parents'] = { SS: [...setOptions.parentShardIds] };
        }
        let condition: string;
        if (!item.exists) condition = `attribute_not_exists(${LEASE_KEY})`;
        else if (item.leaseCounter === undefined) condition = 'attribute_not_exists(leaseCounter)';
        else {
          condition = 'leaseCounter = :expected';
          values[':expected'] = { N: String(item.leaseCounter) };
        }
        try {
          await ensureTable(setOptions.signal);
          await send(
            (abortSignal) =>
              client.send(
                new UpdateItemCommand({
                  TableName: tableName,
                  Key: { [LEASE_KEY]: { S: shardId } },
                  UpdateExpression: update,
                  ConditionExpression: condition,
                  ExpressionAttributeValues: values,
                }),
                { abortSignal },
              ),
            setOptions.signal,
          );
          known.set(shardId, { exists: true, leaseCounter, checkpoint: { ...checkpoint } });
          return true;
        } catch (error) {
          known.delete(shardId);
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      throw new CheckpointStoreError(
        'write_conflict',
        `checkpoint of ${shardId} in table "${tableName}" lost ${MAX_WRITE_ATTEMPTS} races with other writers in a row`,
      );
    },
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts (the work itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}

/** KCL also stores TRIM_HORIZON / LATEST / AT_TIMESTAMP as a lease's first checkpoint: no progress yet. */
function checkpointOf(item: Record<string, AttributeValue>): Checkpoint | undefined {
  const sequenceNumber = item.checkpoint?.S;
  if (sequenceNumber === undefined || (sequenceNumber !== SHARD_END && !/^\d+$/.test(sequenceNumber))) return undefined;
  return { sequenceNumber, subSequenceNumber: numberOf(item.checkpointSubSequenceNumber) ?? 0 };
}

function validate(options: DynamoDbCheckpointsOptions): DynamoDbCheckpointsOptions {
  const where = 'dynamoDbCheckpoints';
  const fail = (option: string, value: unknown, expected: string): never => {
    throw KinesisConsumerError.invalidOption(where, option, value, expected);
  };
  if (typeof options !== 'object' || options === null) fail('options', options, 'an object');
  const { client, tableName, createTable, workerId, requestTimeoutMs } = options;
  if (typeof client?.send !== 'function') fail('client', client, 'a DynamoDBClient');
  if (typeof tableName !== 'string' || !/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) {
    fail('tableName', tableName, 'a DynamoDB table name (3-255 characters a-z A-Z 0-9 _ . -)');
  }
  if (createTable !== undefined && typeof createTable !== 'boolean') fail('createTable', createTable, 'a boolean');
  if (workerId !== undefined && (typeof workerId !== 'string' || workerId === '')) fail('workerId', workerId, 'a non-empty string');
  // It becomes a timer: past MAX_TIMER_MS it would fire after about 1 ms.
  if (requestTimeoutMs !== undefined && !isMs(requestTimeoutMs, 1)) fail('requestTimeoutMs', requestTimeoutMs, msRange(1));
  return options;
}
