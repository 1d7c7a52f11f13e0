// Every error class of the Kinesis consumer (`@xstate-otp/circuit-breaker/kinesis`), each with a stable `code`.
import { describeValue } from '../internal/describeValue';

/**
 * Codes of {@link KinesisConsumerError}. `'invalid_option'` is a programmer error, thrown before anything
 * starts; the others are the error a shard consumer (or the stream consumer) ends with, which its
 * supervisor sees as a crash.
 *
 * @example
 * ```ts
 * const paging: KinesisConsumerErrorCode[] = ['handler_timeout', 'stream_not_found'];
 * ```
 */
export type KinesisConsumerErrorCode =
  | 'invalid_option'
  | 'stream_not_found'
  | 'handler_failed'
  | 'handler_timeout'
  | 'aws_error'
  | 'checkpoint_failed';

/**
 * Bad options given to `createKinesisConsumer`, `createShardConsumer` or `dynamoDbCheckpoints` (code `'invalid_option'`, with
 * `option` and `value`), or the reason a shard consumer crashed (with `shardId`, and the original error
 * as `cause`).
 *
 * @example
 * ```ts
 * monitor(consumerRef, (reason) => {
 *   if (reason.kind === 'error' && reason.error instanceof KinesisConsumerError && reason.error.code === 'handler_timeout') {
 *     alert(`shard ${reason.error.shardId} is stuck`);
 *   }
 * });
 * ```
 */
export class KinesisConsumerError extends Error {
  override readonly name = 'KinesisConsumerError';
  readonly code: KinesisConsumerErrorCode;
  /** The shard, for errors of one shard consumer. */
  declare readonly shardId?: string;
  /** The option at fault, for `'invalid_option'`. */
  declare readonly option?: string;
  /** The bad value, for `'invalid_option'`. */
  declare readonly value?: unknown;

  constructor(
    code: KinesisConsumerErrorCode,
    message: string,
    details: { shardId?: string; option?: string; value?: unknown; cause?: unknown } = {},
  ) {
    super(message, 'cause' in details ? { cause: details.cause } : undefined);
    this.code = code;
    if (details.shardId !== undefined) Object.assign(this, { shardId: details.shardId });
    if (details.option !== undefined) Object.assign(this, { option: details.option, value: details.value });
  }

  /** `where`: option `option` must be `expected`; the message quotes the value it got. */
  static invalidOption(where: string, option: string, value: unknown, expected: string): KinesisConsumerError {
    return new KinesisConsumerError(
      'invalid_option',
      `${where}: option ${option} must be ${expected}, got ${describeValue(value)}`,
      { option, value },
    );
  }
}

/**
 * Codes of {@link CheckpointStoreError}.
 *
 * @example
 * ```ts
 * const fatal: CheckpointStoreErrorCode = 'table_not_found';
 * ```
 */
export type CheckpointStoreErrorCode = 'invalid_checkpoint' | 'table_not_found' | 'write_conflict';

/**
 * A checkpoint store that cannot do its job: a checkpoint that is not a sequence number (`'invalid_checkpoint'`), a DynamoDB table that does not
 * exist (`'table_not_found'`, the message names it), or a write that kept losing races with other
 * writers (`'write_conflict'`). A shard consumer that meets one crashes with code `'checkpoint_failed'`.
 *
 * @example
 * ```ts
 * try {
 *   await store.get('shardId-000000000000');
 * } catch (error) {
 *   if (error instanceof CheckpointStoreError && error.code === 'table_not_found') console.error(error.message);
 * }
 * ```
 */
export class CheckpointStoreError extends Error {
  override readonly name = 'CheckpointStoreError';
  readonly code: CheckpointStoreErrorCode;

  constructor(code: CheckpointStoreErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}
