// Checks consumer options up front, so bad input fails with the field and value before anything starts.
import { MAX_TIMER_MS, type Logger } from '@xstate-otp/core';
import type { ConsumerOptions, StartingPosition } from '../consumerOptions';
import { KinesisConsumerError } from '../../errors';

/** Consumer options with every default applied. */
export interface ResolvedConsumerOptions extends Required<Omit<ConsumerOptions, 'handlerTimeoutMs' | 'logger'>> {
  handlerTimeoutMs: number | undefined;
  logger: Logger | undefined;
}

const DEFAULT_MAX_RECORDS = 10_000;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const POSITIONS: readonly StartingPosition[] = ['TRIM_HORIZON', 'LATEST'];

/** Throws `invalid_option` naming the first bad field of `options`, for the function `where`. */
export function resolveConsumerOptions(where: string, options: ConsumerOptions): ResolvedConsumerOptions {
  const fail = (option: string, value: unknown, expected: string): never => {
    throw KinesisConsumerError.invalidOption(where, option, value, expected);
  };
  if (typeof options !== 'object' || options === null) fail('options', options, 'an object');
  const {
    client,
    streamName,
    handler,
    checkpoints,
    startingPosition = 'LATEST',
    maxRecords = DEFAULT_MAX_RECORDS,
    idleTimeBetweenReadsMs = 1000,
    handlerTimeoutMs,
    requestTimeoutMs = 10_000,
    logger,
  } = options;
  if (typeof client?.send !== 'function') fail('client', client, 'a KinesisClient');
  if (typeof streamName !== 'string' || !STREAM_NAME.test(streamName)) {
    fail('streamName', streamName, 'a Kinesis stream name (1-128 characters a-z A-Z 0-9 _ . -)');
  }
  if (typeof handler !== 'function') fail('handler', handler, 'a function (records, { shardId, signal }) => Promise<void>');
  if (typeof checkpoints?.get !== 'function' || typeof checkpoints?.set !== 'function') {
    fail('checkpoints', checkpoints, 'a CheckpointStore (memoryCheckpoints(), dynamoDbCheckpoints(...))');
  }
  if (!POSITIONS.includes(startingPosition)) fail('startingPosition', startingPosition, "'TRIM_HORIZON' or 'LATEST'");
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > DEFAULT_MAX_RECORDS) {
    fail('maxRecords', maxRecords, 'an integer from 1 to 10000');
  }
  // Each of these becomes a timer: past MAX_TIMER_MS Node fires it after about 1 ms instead (or throws later).
  if (!isMs(idleTimeBetweenReadsMs, 0)) fail('idleTimeBetweenReadsMs', idleTimeBetweenReadsMs, msRange(0));
  if (handlerTimeoutMs !== undefined && !isMs(handlerTimeoutMs, 1)) fail('handlerTimeoutMs', handlerTimeoutMs, msRange(1));
  if (!isMs(requestTimeoutMs, 1)) fail('requestTimeoutMs', requestTimeoutMs, msRange(1));
  if (
    logger !== undefined &&
    !(['error', 'warn', 'info', 'debug'] as const).every((level) => typeof (logger as unknown as Record<string, unknown>)?.[level] === 'function')
  ) {
    fail('logger', logger, 'a winston-compatible logger with error, warn, info and debug methods');
  }
  return {
    client,
    streamName,
    handler,
    checkpoints,
    startingPosition,
    maxRecords,
    idleTimeBetweenReadsMs,
    handlerTimeoutMs,
    requestTimeoutMs,
    logger,
  };
}

/** A delay that a timer can take: a number from `min` to MAX_TIMER_MS. */
export function isMs(value: unknown, min: number): value is number {
  return typeof value === 'number' && value >= min && value <= MAX_TIMER_MS;
}

/** What {@link isMs} accepts, as an invalid_option message says it. */
export function msRange(min: number): string {
  return `a number of milliseconds from ${min} to ${MAX_TIMER_MS}`;
}
