// The stream consumer: lists shards and runs one supervised shard consumer per shard to read, parents first.
import { ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import {
  childLogger,
  escalate,
  SHUTDOWN_EVENT,
  createDynamicSupervisor,
  startChild,
  whichChildren,
  type Logger,
  type ShutdownEvent,
} from '@xstate-otp/core';
import { assign, fromPromise, sendTo, setup, type ActorRefFrom, type AnyActorLogic, type AnyActorRef, type SnapshotFrom } from 'xstate';
import { SHARD_END, type Checkpoint, type CheckpointStore } from './checkpointStore';
import type { ConsumerOptions } from './consumerOptions';
import { shardConsumerLogic, type LatestStarts } from './createShardConsumer';
import { CheckpointStoreError, KinesisConsumerError } from '../errors';
import { isNotFound, isRetryable } from './internal/awsErrors';
import { backoffDelayMs } from './internal/backoff';
import { describeError } from './internal/describeError';
import { planShards } from './internal/planShards';
import { requestSignal } from './internal/requestSignal';
import { resolveConsumerOptions } from './internal/resolveConsumerOptions';

/**
 * Options of {@link createKinesisConsumer}: the consumer options plus the restart intensity of its shards.
 *
 * @example
 * ```ts
 * const options: KinesisConsumerOptions = { client, streamName: 'orders', handler, checkpoints, shardRestart: { maxRestarts: 5, periodMs: 60_000 } };
 * ```
 */
export interface KinesisConsumerOptions extends ConsumerOptions {
  /**
   * Restart intensity of the shard consumers' supervisor (defaults those of core: 3 restarts in 5000 ms).
   * Past it, every shard consumer is stopped and the stream consumer ends in status `error` with the
   * supervisor's `reached_max_restart_intensity`: its own supervisor (a circuit breaker) sees the crash.
   */
  shardRestart?: { maxRestarts?: number; periodMs?: number };
}

/**
 * The events a stream consumer handles: `otp.shutdown` (graceful stop of every shard consumer, each
 * finishing and checkpointing its batch), and `shard.ended`, sent by its shard consumers' checkpoint writes.
 *
 * @example
 * ```ts
 * consumerRef.send({ type: 'otp.shutdown' } satisfies KinesisConsumerEvent);
 * ```
 */
export type KinesisConsumerEvent = ShutdownEvent | { type: 'shard.ended'; shardId: string };

/** The id of the shard consumers' dynamic supervisor inside a stream consumer. */
const SHARDS_ID = 'shards';

interface KinesisConsumerContext {
  /** A shard reached SHARD_END while shards were being listed: list them again. */
  resync: boolean;
  syncAttempt: number;
  failure?: KinesisConsumerError;
}

/**
 * The logic of a stream consumer: an xstate machine that lists the stream's shards and runs one shard
 * consumer ({@link createShardConsumer}) per shard to read, under a core dynamic supervisor (id `shards`)
 * with `restart: 'transient'`. Closed shards with unread records are read too; a child shard starts only
 * once all its parents (one after a split, two after a merge) have a SHARD_END checkpoint, and then at
 * TRIM_HORIZON. A shard consumer that crashes is restarted from its checkpoint; past `shardRestart` the
 * failure escalates: this actor ends in status `error`, so a shard never goes silent.
 *
 * States: `syncingShards` (ListShards and checkpoints read), `consuming`, `backingOff` (ListShards was
 * throttled or failed), `shuttingDown` (shard consumers finish their batches), `crashed`, `stopped`.
 *
 * As a child of a supervisor or circuit breaker it is a worker: its `shutdown` (default 5000 ms) bounds how
 * long `otp.shutdown` waits for the batches in flight; past it the consumer is stopped by force, every call in
 * flight is aborted and so are the handlers' signals.
 *
 * @example
 * ```ts
 * const consumer = createActor(
 *   createKinesisConsumer({
 *     client: new KinesisClient({}),
 *     streamName: 'orders',
 *     handler: async (records, { shardId }) => { await saveOrders(shardId, records); },
 *     checkpoints: dynamoDbCheckpoints({ client: new DynamoDBClient({}), tableName: 'orders-consumer', createTable: true }),
 *     startingPosition: 'TRIM_HORIZON',
 *     handlerTimeoutMs: 30_000,
 *   }),
 * ).start();
 * process.once('SIGTERM', () => consumer.send({ type: 'otp.shutdown' }));
 * ```
 */
export function createKinesisConsumer(options: KinesisConsumerOptions) {
  const resolved = resolveConsumerOptions('createKinesisConsumer', options);
  const { shardRestart = {} } = options;
  if (typeof shardRestart !== 'object' || shardRestart === null) {
    throw KinesisConsumerError.invalidOption('createKinesisConsumer', 'shardRestart', shardRestart, 'an object { maxRestarts?, periodMs? }');
  }
  const { maxRestarts = 3, periodMs = 5000 } = shardRestart;
  if (!(Number.isInteger(maxRestarts) && maxRestarts >= 0) && maxRestarts !== Infinity) {
    throw KinesisConsumerError.invalidOption('createKinesisConsumer', 'shardRestart.maxRestarts', maxRestarts, 'an integer >= 0');
  }
  if (!(Number.isFinite(periodMs) && periodMs > 0)) {
    throw KinesisConsumerError.invalidOption('createKinesisConsumer', 'shardRestart.periodMs', periodMs, 'a number of milliseconds > 0');
  }
  const { client, streamName, checkpoints, startingPosition, requestTimeoutMs } = resolved;
  const log: Logger | undefined = resolved.logger && childLogger(resolved.logger, { component: 'kinesisConsumer', childId: streamName });
  const shardSupervisor = createDynamicSupervisor({ maxRestarts, periodMs, logger: resolved.logger });
  // Kept by this logic, not by one run of it: a restart after an escalation still resumes a shard at the first
  // record it handed over, when LATEST had not been checkpointed yet.
  const latestStarts: LatestStarts = new Map();

  /** The store the shard consumers write through: a SHARD_END write tells this consumer to look for children. */
  const announcingShardEnds = (consumer: AnyActorRef): CheckpointStore => ({
    get: (shardId, callOptions) => checkpoints.get(shardId, callOptions),
    async set(shardId, checkpoint, setOptions) {
      const written = await checkpoints.set(shardId, checkpoint, setOptions);
      if (checkpoint.sequenceNumber === SHARD_END) consumer.send({ type: 'shard.ended', shardId });
      return written;
    },
  });

  const syncFailure = (error: unknown): KinesisConsumerError => {
    const detail = describeError(error);
    if (error instanceof CheckpointStoreError) {
      return new KinesisConsumerError('checkpoint_failed', `stream ${streamName}: reading checkpoints failed: ${detail}`, { cause: error });
    }
    if (isNotFound(error)) {
      return new KinesisConsumerError('stream_not_found', `Kinesis stream ${streamName} not found: ${detail}`, { cause: error });
    }
    return new KinesisConsumerError('aws_error', `stream ${streamName}: listing shards failed: ${detail}`, { cause: error });
  };

  async function listShards(signal: AbortSignal): Promise<Shard[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }), {
        abortSignal: requestSignal(signal, requestTimeoutMs),
      });
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return shards;
  }

  const syncShards = fromPromise<number, { consumer: AnyActorRef }>(async ({ input, signal }) => {
    const shards = input.consumer.getSnapshot().children[SHARDS_ID] as AnyActorRef;
    const listed = await listShards(signal);
    const known = new Map<string, Checkpoint | undefined>();
    await Promise.all(
      listed.map(async ({ ShardId }) => {
        known.set(ShardId!, await checkpoints.get(ShardId!, { signal: requestSignal(signal, requestTimeoutMs) }));
      }),
    );
    const running = new Set(whichChildren(shards).map((child) => child.id));
    const starts = planShards(listed, known, startingPosition, running, latestStarts);
    const store = announcingShardEnds(input.consumer);
    for (const start of starts) {
      await startChild(shards, {
        id: start.shardId,
        logic: shardConsumerLogic({ ...options, checkpoints: store, ...start }, latestStarts),
        restart: 'transient',
        // The stream consumer's own shutdown deadline (its spec under a supervisor) bounds the whole drain.
        shutdown: 'infinity',
      });
    }
    log?.info('shards synced', { shards: listed.length, started: starts.map((s) => s.shardId) });
    return starts.length;
  });

  // Deliberately not marked with core's asSupervisor: as a child spec it is a worker, so its shutdown defaults
  // to 5000 ms rather than 'infinity', and a handler that never settles cannot hold a graceful stop forever.
  return setup({
    types: {
      context: {} as KinesisConsumerContext,
      events: {} as KinesisConsumerEvent,
      output: {} as { exit: 'shutdown'; streamName: string },
    },
    actors: {
      // Typed loosely: core's supervisor machine type names core internals, which declarations cannot reference.
      shardSupervisor: shardSupervisor as AnyActorLogic,
      syncShards,
      escalate,
    },
    delays: {
      syncBackoff: ({ context }) => backoffDelayMs(context.syncAttempt),
    },
  }).createMachine({
    id: 'kinesisConsumer',
    context: { resync: false, syncAttempt: 0 },
    // The shard consumers' supervisor lives as long as this machine; when it gives up (restart intensity)
    // its error is not handled here, so this machine ends in status error too: the escalation.
    // It ends normally only after shuttingDown asked it to (every shard consumer stopped).
    invoke: { id: SHARDS_ID, src: 'shardSupervisor', onDone: '.stopped' },
    output: () => ({ exit: 'shutdown' as const, streamName }),
    initial: 'syncingShards',
    states: {
      syncingShards: {
        entry: assign({ resync: false }),
        invoke: {
          src: 'syncShards',
          input: ({ self }) => ({ consumer: self }),
          onDone: [
            { guard: ({ context }) => context.resync, target: 'syncingShards', reenter: true, actions: assign({ syncAttempt: 0 }) },
            { target: 'consuming', actions: assign({ syncAttempt: 0 }) },
          ],
          onError: [
            {
              guard: ({ event }) => isRetryable(event.error),
              target: 'backingOff',
              actions: [
                assign({ syncAttempt: ({ context }) => context.syncAttempt + 1 }),
                ({ event }) => log?.warn('listing shards failed, backing off', { error: event.error }),
              ],
            },
            { target: 'crashed', actions: assign({ failure: ({ event }) => syncFailure(event.error) }) },
          ],
        },
        on: { 'shard.ended': { actions: assign({ resync: true }) }, [SHUTDOWN_EVENT]: 'shuttingDown' },
      },
      consuming: {
        on: { 'shard.ended': 'syncingShards', [SHUTDOWN_EVENT]: 'shuttingDown' },
      },
      backingOff: {
        after: { syncBackoff: 'syncingShards' },
        on: { [SHUTDOWN_EVENT]: 'shuttingDown' },
      },
      shuttingDown: {
        entry: [() => log?.info('stopping: every shard consumer finishes its batch'), sendTo(SHARDS_ID, { type: SHUTDOWN_EVENT })],
      },
      // Whoever supervises the consumer (a circuit breaker, a supervisor) logs the crash: not logged twice.
      crashed: {
        invoke: { src: 'escalate', input: ({ context }: { context: KinesisConsumerContext }) => context.failure },
      },
      stopped: { type: 'final' },
    },
  });
}

/**
 * The logic {@link createKinesisConsumer} returns: give it to createActor, or as a child's logic to a
 * supervisor or a circuit breaker.
 *
 * @example
 * ```ts
 * const logic: KinesisConsumerLogic = createKinesisConsumer({ client, streamName: 'orders', handler, checkpoints });
 * ```
 */
export type KinesisConsumerLogic = ReturnType<typeof createKinesisConsumer>;

/**
 * A running stream consumer.
 *
 * @example
 * ```ts
 * const ref: KinesisConsumerActorRef = createActor(logic).start();
 * ```
 */
export type KinesisConsumerActorRef = ActorRefFrom<KinesisConsumerLogic>;

/**
 * A stream consumer's snapshot.
 *
 * @example
 * ```ts
 * if (ref.getSnapshot().matches('backingOff')) console.warn('ListShards is throttled');
 * ```
 */
export type KinesisConsumerSnapshot = SnapshotFrom<KinesisConsumerLogic>;
