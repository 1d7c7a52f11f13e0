// The options a stream consumer and a shard consumer share: client, stream, handler, checkpoints and pacing.
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Logger } from '@xstate-otp/core';
import type { CheckpointStore } from './checkpointStore';
import type { RecordHandler } from './kinesisRecord';

/**
 * Where a shard with no checkpoint starts: its oldest record, or the records written from now on.
 *
 * @example
 * ```ts
 * const startingPosition: StartingPosition = 'TRIM_HORIZON';
 * ```
 */
export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

/**
 * Options of `createKinesisConsumer` and `createShardConsumer`.
 *
 * @example
 * ```ts
 * const options: ConsumerOptions = {
 *   client: new KinesisClient({}),
 *   streamName: 'orders',
 *   handler: async (records) => { await save(records); },
 *   checkpoints: dynamoDbCheckpoints({ client: new DynamoDBClient({}), tableName: 'orders-consumer' }),
 *   startingPosition: 'TRIM_HORIZON',
 * };
 * ```
 */
export interface ConsumerOptions {
  client: KinesisClient;
  streamName: string;
  handler: RecordHandler;
  checkpoints: CheckpointStore;
  /**
   * For shards with no checkpoint. Default 'LATEST'. Child shards of a reshard always start at TRIM_HORIZON.
   * LATEST is resolved once per shard: until the shard's first checkpoint, a restart of its consumer (after a
   * crash, or of the stream consumer by its supervisor or breaker) resumes at the first record it handed to
   * the handler, so a first batch that failed is delivered again. That position is kept in memory by the
   * logic: a new logic or a new process with no checkpoint resolves LATEST again, and so does a restart
   * before any record was handed over.
   */
  startingPosition?: StartingPosition;
  /** Records per GetRecords call, 1 to 10000. Default 10000. */
  maxRecords?: number;
  /** Wait after a GetRecords page with no records before the next call, 0 to 2147483647 ms (core's MAX_TIMER_MS). Default 1000. */
  idleTimeBetweenReadsMs?: number;
  /** A batch whose handler takes longer crashes the shard consumer (it is restarted from its checkpoint), 1 to 2147483647 ms. Default: no limit. */
  handlerTimeoutMs?: number;
  /** Timeout of each AWS call (Kinesis and the checkpoint store), SDK retries included, 1 to 2147483647 ms. Default 10000. */
  requestTimeoutMs?: number;
  /** winston-compatible; each shard consumer logs through `logger.child({ component: 'shardConsumer', childId: shardId })`. Default silent. */
  logger?: Logger;
}
