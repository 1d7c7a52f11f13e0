// Every error class of @xstate-otp/circuit-breaker (the kinesis subpath's included), each with a stable `code`.
import { formatValue } from '@xstate-otp/core';

/**
 * Codes of {@link CircuitBreakerError}: programmer errors, thrown before anything starts; `not_a_circuit_breaker`
 * is also how an `addChild` still waiting for its first check rejects when the breaker shuts down or stops.
 *
 * @example
 * ```ts
 * const isBadSpec = (error: CircuitBreakerError) => error.code === ('invalid_child_spec' satisfies CircuitBreakerErrorCode);
 * ```
 */
export type CircuitBreakerErrorCode = 'invalid_option' | 'invalid_child_spec' | 'not_a_circuit_breaker';

/**
 * Bad options or child specs given to `createCircuitBreaker` / `addChild`, or a call on an actor that
 * is not a running circuit breaker (another actor, or a breaker that is stopped or shutting down). The
 * message names the field and the bad value.
 *
 * @example
 * ```ts
 * try {
 *   createCircuitBreaker({ flags, children, checkIntervalMs: 0 });
 * } catch (error) {
 *   if (error instanceof CircuitBreakerError && error.code === 'invalid_option') console.error(error.message);
 * }
 * ```
 */
export class CircuitBreakerError extends Error {
  override readonly name = 'CircuitBreakerError';
  readonly code: CircuitBreakerErrorCode;

  constructor(code: CircuitBreakerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Codes of {@link FlagSourceError}.
 *
 * @example
 * ```ts
 * const isOutage = (error: FlagSourceError) => error.code === ('flag_source_unavailable' satisfies FlagSourceErrorCode);
 * ```
 */
export type FlagSourceErrorCode = 'flag_not_boolean' | 'flag_source_unavailable';

/**
 * How a {@link FlagSource} reports a flag it cannot turn into a boolean:
 * `'flag_not_boolean'` (the flag holds another value, kept in `value`: the breaker counts the child
 * as off and warns once, naming the flag and the value) or `'flag_source_unavailable'` (the vendor
 * could not answer: the breaker treats it as an outage and changes nothing).
 *
 * @example
 * ```ts
 * async evaluate(flagKey) {
 *   const value = await store.get(flagKey);
 *   if (typeof value !== 'boolean') throw FlagSourceError.notBoolean(flagKey, value);
 *   return value;
 * }
 * ```
 */
export class FlagSourceError extends Error {
  override readonly name = 'FlagSourceError';
  readonly code: FlagSourceErrorCode;
  readonly flagKey: string;
  /** The value the flag holds, for `'flag_not_boolean'`. */
  readonly value?: unknown;

  constructor(code: FlagSourceErrorCode, flagKey: string, message: string, options: { value?: unknown } = {}) {
    super(message);
    this.code = code;
    this.flagKey = flagKey;
    if ('value' in options) this.value = options.value;
  }

  /** The flag holds `value`, which is not a boolean. */
  static notBoolean(flagKey: string, value: unknown): FlagSourceError {
    return new FlagSourceError('flag_not_boolean', flagKey, `flag "${flagKey}" is not a boolean: ${formatValue(value)}`, {
      value,
    });
  }

  /** The vendor could not evaluate the flag (not initialised, malformed flag, provider error...). */
  static unavailable(flagKey: string, reason: string): FlagSourceError {
    return new FlagSourceError('flag_source_unavailable', flagKey, `flag "${flagKey}" could not be evaluated: ${reason}`);
  }
}

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
      `${where}: option ${option} must be ${expected}, got ${formatValue(value)}`,
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
