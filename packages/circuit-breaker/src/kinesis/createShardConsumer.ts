// The shard consumer: an xstate machine that reads one shard, hands batches to the handler and checkpoints them.
import { GetRecordsCommand, GetShardIteratorCommand, type ShardIteratorType } from '@aws-sdk/client-kinesis';
import { childLogger, escalate, SHUTDOWN_EVENT, type Logger, type ShutdownEvent } from '@xstate-otp/core';
import { assign, emit, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { SHARD_END, type Checkpoint } from './checkpointStore';
import type { ConsumerOptions } from './consumerOptions';
import { CheckpointStoreError, KinesisConsumerError } from '../errors';
import type { KinesisRecord } from './kinesisRecord';
import { isExpiredIterator, isNotFound, isRetryable } from './internal/awsErrors';
import { backoffDelayMs } from './internal/backoff';
import { describeError } from './internal/describeError';
import { decodeRecords } from './internal/decodeRecords';
import { READ_RATE_LIMIT_OPTIONS, readRateLimit } from './internal/readRateLimit';
import { requestSignal } from './internal/requestSignal';
import { resolveConsumerOptions } from './internal/resolveConsumerOptions';

/**
 * Options of {@link createShardConsumer}: the consumer options plus the shard.
 *
 * @example
 * ```ts
 * const options: ShardConsumerOptions = { client, streamName: 'orders', handler, checkpoints, shardId: 'shardId-000000000000' };
 * ```
 */
export interface ShardConsumerOptions extends ConsumerOptions {
  shardId: string;
  /** Written with the checkpoints (the KCL lease's `parentShardId`). */
  parentShardIds?: readonly string[];
}

/**
 * Why a shard consumer reached a final state: `'shardEnd'` (the shard is closed and was read to its end;
 * the checkpoint is SHARD_END) or `'shutdown'` (it was asked to stop and did so after checkpointing the
 * batch in flight). `exit: 'shutdown'` is what @xstate-otp/core reads as a shutdown exit.
 *
 * @example
 * ```ts
 * const { output } = await toPromise(actor); // { exit: 'shardEnd', shardId: 'shardId-000000000000', checkpoint: { sequenceNumber: 'SHARD_END', subSequenceNumber: 0 } }
 * ```
 */
export interface ShardConsumerOutput {
  exit: 'shardEnd' | 'shutdown';
  shardId: string;
  checkpoint: Checkpoint | undefined;
}

/**
 * What a shard consumer emits (`actor.on(type, listener)`): each checkpointed batch (`records` is its size as
 * fetched, whatever the handler did to the array), and each backoff.
 *
 * @example
 * ```ts
 * actor.on('shard.batch', ({ shardId, records, checkpoint }) => metrics.add(records, { shardId }));
 * ```
 */
export type ShardConsumerEmitted =
  | { type: 'shard.batch'; shardId: string; records: number; checkpoint: Checkpoint; millisBehindLatest?: number }
  | { type: 'shard.backoff'; shardId: string; operation: RetryTarget; attempt: number; delayMs: number; error: unknown };

/**
 * The events a shard consumer handles: only the supervisor's graceful shutdown.
 *
 * @example
 * ```ts
 * shardConsumerRef.send({ type: 'otp.shutdown' } satisfies ShardConsumerEvent);
 * ```
 */
export type ShardConsumerEvent = ShutdownEvent;

type RetryTarget = 'initializing' | 'fetching' | 'checkpointing';

/** The batch between GetRecords and its checkpoint. */
interface Batch {
  records: KinesisRecord[];
  /** records.length when the page came: the handler owns the array and may empty it. */
  count: number;
  checkpoint: Checkpoint;
  /** Absent on a closed shard's last page. */
  nextIterator?: string;
  millisBehindLatest?: number;
}

interface ShardConsumerContext {
  /** The iterator of the next GetRecords call: always the one the previous call returned. */
  iterator?: string;
  /** The last checkpoint this consumer read or wrote. */
  checkpoint?: Checkpoint;
  batch?: Batch;
  retry?: { target: RetryTarget; attempt: number; delayMs: number };
  stopRequested: boolean;
  failure?: KinesisConsumerError;
}

interface StartResult {
  checkpoint?: Checkpoint;
  iterator?: string;
}

interface Page {
  records: KinesisRecord[];
  checkpoint?: Checkpoint;
  nextIterator?: string;
  millisBehindLatest?: number;
}

/**
 * Where shards with no checkpoint began reading at LATEST: shard id -> sequence number of the first record
 * handed to the handler, kept until the shard's first checkpoint. A checkpoint cannot say "at this record":
 * it means "after" it (AFTER_SEQUENCE_NUMBER), the record before is unknown (Kinesis does not read
 * backwards), and a sequence number minus one need not be valid for the shard. So the position is kept in
 * memory, shared by every run of the logic (its supervisor's restarts), and a restart resumes
 * AT_SEQUENCE_NUMBER of it instead of resolving LATEST again past the batch that failed.
 */
export type LatestStarts = Map<string, string>;

/**
 * The logic of one shard's consumer, to run under a supervisor (`createKinesisConsumer` does) or alone.
 *
 * States: `initializing` (read the checkpoint, get an iterator after it), `fetching` (GetRecords),
 * `processing.running` (the handler has the batch), `processing.draining` (the same, after a shutdown
 * request: the batch is finished, not abandoned), `checkpointing` (the batch's checkpoint is written
 * only after the handler resolved), `idle` (the page was empty: wait `idleTimeBetweenReadsMs`),
 * `backingOff` (a throttled or failed call waits, with jitter), `crashed` (on its way to xstate status
 * `error`), and the final states `shardEnded` (SHARD_END checkpointed) and `stopped` (after
 * `otp.shutdown`).
 *
 * Delivery is at least once: a batch is checkpointed only after its handler resolved, so a crash replays
 * it. The handler crashing, timing out (`handlerTimeoutMs`) or a non-retryable AWS error puts the actor
 * in status `error` with a {@link KinesisConsumerError}.
 *
 * @example
 * ```ts
 * const actor = createActor(
 *   createShardConsumer({ client, streamName: 'orders', shardId: 'shardId-000000000000', handler, checkpoints: memoryCheckpoints() }),
 * );
 * actor.on('shard.batch', ({ records }) => console.log(`${records} records checkpointed`));
 * actor.start();
 * // later: actor.send({ type: 'otp.shutdown' }) finishes the batch in flight, checkpoints it and stops.
 * ```
 */
export function createShardConsumer(options: ShardConsumerOptions) {
  return shardConsumerLogic(options, new Map());
}

/**
 * {@link createShardConsumer} with the LATEST start positions it shares: a stream consumer passes its own, so
 * that they also outlive its shard consumer logics (a restart of the stream consumer after an escalation).
 */
export function shardConsumerLogic(options: ShardConsumerOptions, latestStarts: LatestStarts) {
  const resolved = resolveConsumerOptions('createShardConsumer', options);
  const { shardId, parentShardIds } = options;
  if (typeof shardId !== 'string' || shardId === '') {
    throw KinesisConsumerError.invalidOption('createShardConsumer', 'shardId', shardId, 'a shard id string');
  }
  if (parentShardIds !== undefined && !(Array.isArray(parentShardIds) && parentShardIds.every((p) => typeof p === 'string'))) {
    throw KinesisConsumerError.invalidOption('createShardConsumer', 'parentShardIds', parentShardIds, 'an array of shard ids');
  }
  const { client, streamName, handler, checkpoints, startingPosition, maxRecords, idleTimeBetweenReadsMs, handlerTimeoutMs, requestTimeoutMs } =
    resolved;
  const log: Logger | undefined = resolved.logger && childLogger(resolved.logger, { component: 'shardConsumer', childId: shardId, streamName });
  // Shared by every run of this logic, so a restarted consumer still honours the previous run's last call.
  const rateLimit = readRateLimit();

  const crash = (code: KinesisConsumerError['code'], what: string, cause: unknown): KinesisConsumerError =>
    new KinesisConsumerError(code, `shard ${shardId} of stream ${streamName}: ${what}: ${describeError(cause)}`, { shardId, cause });
  const awsCrash = (operation: string, error: unknown): KinesisConsumerError =>
    isNotFound(error)
      ? crash('stream_not_found', `${operation} failed, stream ${streamName} or its shard ${shardId} does not exist`, error)
      : crash('aws_error', `${operation} failed`, error);

  return setup({
    types: {
      context: {} as ShardConsumerContext,
      events: {} as ShardConsumerEvent,
      emitted: {} as ShardConsumerEmitted,
      output: {} as ShardConsumerOutput,
    },
    actors: {
      startIterator: fromPromise<StartResult>(async ({ signal }) => {
        const checkpoint = await checkpoints.get(shardId, { signal: requestSignal(signal, requestTimeoutMs) });
        if (checkpoint?.sequenceNumber === SHARD_END) return { checkpoint };
        // Without a checkpoint, LATEST is resolved once: a restart resumes at the first record it handed over.
        const latestStart = checkpoint || startingPosition !== 'LATEST' ? undefined : latestStarts.get(shardId);
        const position: { ShardIteratorType: ShardIteratorType; StartingSequenceNumber?: string } = checkpoint
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint.sequenceNumber }
          : latestStart
            ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: latestStart }
            : { ShardIteratorType: startingPosition };
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ...position }),
          { abortSignal: requestSignal(signal, requestTimeoutMs) },
        );
        log?.info('shard consumer reading', { position: position.ShardIteratorType, sequenceNumber: position.StartingSequenceNumber });
        return { checkpoint, iterator: ShardIterator ?? undefined };
      }),
      getRecords: fromPromise<Page, { iterator: string }>(async ({ input, signal }) => {
        const command = new GetRecordsCommand({ ShardIterator: input.iterator, Limit: maxRecords });
        command.middlewareStack.add(rateLimit.pace(signal), READ_RATE_LIMIT_OPTIONS);
        const output = await client.send(command, { abortSignal: requestSignal(signal, requestTimeoutMs) });
        const { records, checkpoint, undecodable } = decodeRecords(output.Records ?? []);
        if (undecodable.length) log?.warn('KPL records failed to de-aggregate, delivered as they are', { sequenceNumbers: undecodable });
        return { records, checkpoint, nextIterator: output.NextShardIterator ?? undefined, millisBehindLatest: output.MillisBehindLatest };
      }),
      handle: fromPromise<void, { records: KinesisRecord[] }>(async ({ input, signal }) => {
        await handler(input.records, { shardId, signal });
      }),
      saveCheckpoint: fromPromise<boolean, { checkpoint: Checkpoint }>(({ input, signal }) =>
        checkpoints.set(shardId, input.checkpoint, { signal: requestSignal(signal, requestTimeoutMs), parentShardIds }),
      ),
      escalate,
    },
    delays: {
      idle: idleTimeBetweenReadsMs,
      backoff: ({ context }) => context.retry?.delayMs ?? 0,
      handlerTimeout: handlerTimeoutMs ?? 0,
    },
    guards: {
      retryable: ({ event }) => isRetryable((event as { error?: unknown }).error),
      stopRequested: ({ context }) => context.stopRequested,
      batchIsShardEnd: ({ context }) => context.batch?.checkpoint.sequenceNumber === SHARD_END,
    },
    actions: {
      logBackoff: ({ context, event }) =>
        log?.warn('AWS call failed, backing off', {
          operation: context.retry?.target,
          attempt: context.retry?.attempt,
          delayMs: context.retry?.delayMs,
          error: (event as { error?: unknown }).error,
        }),
      emitBackoff: emit(({ context, event }) => ({
        type: 'shard.backoff' as const,
        shardId,
        operation: context.retry!.target,
        attempt: context.retry!.attempt,
        delayMs: context.retry!.delayMs,
        error: (event as { error?: unknown }).error,
      })),
      requestStop: assign({ stopRequested: true }),
      // Before the handler sees the shard's first batch: where LATEST began, for a restart before any checkpoint.
      rememberLatestStart: ({ context }) => {
        if (startingPosition === 'LATEST' && context.checkpoint === undefined && !latestStarts.has(shardId)) {
          latestStarts.set(shardId, context.batch!.records[0].sequenceNumber);
        }
      },
      scheduleRetry: assign({
        retry: ({ context }, { target }: { target: RetryTarget }) => {
          const attempt = context.retry?.target === target ? context.retry.attempt + 1 : 1;
          return { target, attempt, delayMs: backoffDelayMs(attempt) };
        },
      }),
      emitBatch: emit(({ context }) => ({
        type: 'shard.batch' as const,
        shardId,
        records: context.batch!.count,
        checkpoint: context.batch!.checkpoint,
        millisBehindLatest: context.batch!.millisBehindLatest,
      })),
      checkpointSaved: assign(({ context, event }) => {
        const { checkpoint, nextIterator, count } = context.batch!;
        latestStarts.delete(shardId);
        if ((event as { output?: boolean }).output === false) {
          log?.warn('the stored checkpoint is already at or past this batch: another writer moved it', { checkpoint });
        } else {
          log?.debug('batch checkpointed', { records: count, checkpoint });
        }
        return { checkpoint, iterator: nextIterator, batch: undefined, retry: undefined };
      }),
    },
  }).createMachine({
    id: 'shardConsumer',
    context: { stopRequested: false },
    // The output of the final state reached (shardEnded or stopped).
    output: ({ event }) => event.output as ShardConsumerOutput,
    initial: 'initializing',
    states: {
      initializing: {
        invoke: {
          src: 'startIterator',
          onDone: [
            {
              guard: ({ event }) => event.output.checkpoint?.sequenceNumber === SHARD_END,
              target: 'shardEnded',
              actions: assign({ checkpoint: ({ event }) => event.output.checkpoint }),
            },
            {
              // No iterator for the position: nothing is left to read in this closed shard.
              guard: ({ event }) => event.output.iterator === undefined,
              target: 'checkpointing',
              actions: assign({
                checkpoint: ({ event }) => event.output.checkpoint,
                batch: { records: [], count: 0, checkpoint: { sequenceNumber: SHARD_END, subSequenceNumber: 0 } },
              }),
            },
            {
              target: 'fetching',
              actions: assign({
                checkpoint: ({ event }) => event.output.checkpoint,
                iterator: ({ event }) => event.output.iterator,
                retry: undefined,
              }),
            },
          ],
          onError: [
            { guard: 'retryable', target: 'backingOff', actions: { type: 'scheduleRetry', params: { target: 'initializing' } } },
            {
              target: 'crashed',
              actions: assign({
                failure: ({ event }) =>
                  event.error instanceof CheckpointStoreError
                    ? crash('checkpoint_failed', 'reading the checkpoint failed', event.error)
                    : awsCrash('GetShardIterator', event.error),
              }),
            },
          ],
        },
        on: { [SHUTDOWN_EVENT]: 'stopped' },
      },
      fetching: {
        invoke: {
          src: 'getRecords',
          input: ({ context }) => ({ iterator: context.iterator! }),
          onDone: [
            {
              guard: ({ event }) => event.output.records.length > 0,
              target: 'processing',
              actions: [
                assign({
                  retry: undefined,
                  batch: ({ event }) => ({
                    records: event.output.records,
                    count: event.output.records.length,
                    checkpoint: event.output.nextIterator ? event.output.checkpoint! : { sequenceNumber: SHARD_END, subSequenceNumber: 0 },
                    nextIterator: event.output.nextIterator,
                    millisBehindLatest: event.output.millisBehindLatest,
                  }),
                }),
                'rememberLatestStart',
              ],
            },
            {
              // A closed shard read to its end returns no next iterator.
              guard: ({ event }) => event.output.nextIterator === undefined,
              target: 'checkpointing',
              actions: assign({
                retry: undefined,
                batch: { records: [], count: 0, checkpoint: { sequenceNumber: SHARD_END, subSequenceNumber: 0 } },
              }),
            },
            { target: 'idle', actions: assign({ retry: undefined, iterator: ({ event }) => event.output.nextIterator }) },
          ],
          onError: [
            {
              guard: ({ event }) => isExpiredIterator(event.error),
              target: 'initializing',
              actions: () => log?.warn('shard iterator expired, resuming after the last checkpoint'),
            },
            { guard: 'retryable', target: 'backingOff', actions: { type: 'scheduleRetry', params: { target: 'fetching' } } },
            { target: 'crashed', actions: assign({ failure: ({ event }) => awsCrash('GetRecords', event.error) }) },
          ],
        },
        on: { [SHUTDOWN_EVENT]: 'stopped' },
      },
      processing: {
        initial: 'running',
        invoke: {
          src: 'handle',
          input: ({ context }) => ({ records: context.batch!.records }),
          onDone: 'checkpointing',
          onError: { target: 'crashed', actions: assign({ failure: ({ event }) => crash('handler_failed', 'the handler failed', event.error) }) },
        },
        ...(handlerTimeoutMs === undefined
          ? {}
          : {
              after: {
                handlerTimeout: {
                  target: 'crashed',
                  actions: assign({
                    failure: () =>
                      crash('handler_timeout', 'the handler did not settle', `no result after handlerTimeoutMs ${handlerTimeoutMs}`),
                  }),
                },
              },
            }),
        states: {
          running: { on: { [SHUTDOWN_EVENT]: 'draining' } },
          draining: { entry: 'requestStop' },
        },
      },
      checkpointing: {
        invoke: {
          src: 'saveCheckpoint',
          input: ({ context }) => ({ checkpoint: context.batch!.checkpoint }),
          onDone: [
            { guard: 'batchIsShardEnd', target: 'shardEnded', actions: ['emitBatch', 'checkpointSaved'] },
            { guard: 'stopRequested', target: 'stopped', actions: ['emitBatch', 'checkpointSaved'] },
            { target: 'fetching', actions: ['emitBatch', 'checkpointSaved'] },
          ],
          onError: [
            {
              guard: 'stopRequested',
              target: 'stopped',
              actions: ({ event }) => log?.warn('checkpoint failed while stopping: the batch will be delivered again', { error: event.error }),
            },
            { guard: 'retryable', target: 'backingOff', actions: { type: 'scheduleRetry', params: { target: 'checkpointing' } } },
            { target: 'crashed', actions: assign({ failure: ({ event }) => crash('checkpoint_failed', 'the checkpoint failed', event.error) }) },
          ],
        },
        on: { [SHUTDOWN_EVENT]: { actions: 'requestStop' } },
      },
      idle: {
        after: { idle: 'fetching' },
        on: { [SHUTDOWN_EVENT]: 'stopped' },
      },
      backingOff: {
        entry: ['logBackoff', 'emitBackoff'],
        after: {
          backoff: [
            { guard: ({ context }) => context.retry?.target === 'initializing', target: 'initializing' },
            { guard: ({ context }) => context.retry?.target === 'fetching', target: 'fetching' },
            { target: 'checkpointing' },
          ],
        },
        on: {
          [SHUTDOWN_EVENT]: [
            // The handler already resolved: one more try to checkpoint before stopping.
            { guard: ({ context }) => context.retry?.target === 'checkpointing', target: 'checkpointing', actions: 'requestStop' },
            { target: 'stopped' },
          ],
        },
      },
      // Its supervisor reports the crash (child_terminated, with the error and its stack): not logged twice.
      crashed: {
        invoke: { src: 'escalate', input: ({ context }: { context: ShardConsumerContext }) => context.failure },
      },
      shardEnded: {
        type: 'final',
        entry: () => log?.info('shard read to its end (SHARD_END checkpointed)'),
        output: ({ context }) => ({ exit: 'shardEnd' as const, shardId, checkpoint: context.checkpoint }),
      },
      stopped: {
        type: 'final',
        entry: ({ context }) => log?.info('shard consumer stopped', { checkpoint: context.checkpoint }),
        output: ({ context }) => ({ exit: 'shutdown' as const, shardId, checkpoint: context.checkpoint }),
      },
    },
  });

}

/**
 * The logic {@link createShardConsumer} returns.
 *
 * @example
 * ```ts
 * const logic: ShardConsumerLogic = createShardConsumer({ client, streamName, shardId, handler, checkpoints });
 * ```
 */
export type ShardConsumerLogic = ReturnType<typeof createShardConsumer>;

/**
 * A running shard consumer.
 *
 * @example
 * ```ts
 * const ref: ShardConsumerActorRef = createActor(logic).start();
 * ```
 */
export type ShardConsumerActorRef = ActorRefFrom<ShardConsumerLogic>;

/**
 * A shard consumer's snapshot (`snapshot.value` is the state the inspector shows).
 *
 * @example
 * ```ts
 * const snapshot: ShardConsumerSnapshot = ref.getSnapshot();
 * if (snapshot.matches('backingOff')) console.warn('throttled');
 * ```
 */
export type ShardConsumerSnapshot = SnapshotFrom<ShardConsumerLogic>;
