// The pipeline itself: a circuit breaker running the orders and audit Kinesis consumers, fed by the producer.
import { createActor, type AnyActorRef, type InspectionEvent } from 'xstate';
import { stopSupervisor, type Logger } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, launchDarklyFlags, type BreakerChildInfo } from '@xstate-otp/circuit-breaker';
import {
  createKinesisConsumer,
  dynamoDbCheckpoints,
  type CheckpointStore,
  type KinesisRecord,
} from '@xstate-otp/circuit-breaker/kinesis';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { decodeOrder } from './order';
import type { Ledger, Reconciliation } from './ledger';
import type { Services } from './services';

/** The consumers of the stream, each an application of its own with its flag and checkpoint table. */
export const CONSUMERS = [
  { id: 'orders', flagKey: 'orders-consumer' },
  { id: 'audit', flagKey: 'audit-consumer' },
] as const;

/** The context of the pipeline's own flags (not a consumer's). */
export const PIPELINE_CONTEXT = { kind: 'service', key: 'producer' };

export interface PipelineOptions {
  services: Services;
  ldClient: LDClient;
  ledger: Ledger;
  logger: Logger;
  inspect?: (event: InspectionEvent) => void;
  /** Called with each consumer status change (running, off, crashed). */
  onStatus(child: BreakerChildInfo, previous: BreakerChildInfo['status'] | undefined): void;
}

export interface Pipeline {
  breaker: AnyActorRef;
  children(): BreakerChildInfo[];
  /** The last checkpoint each consumer wrote, per shard. */
  checkpoints: Map<string, Map<string, string>>;
  /** Resolves once every running consumer has handled all that was produced (or after timeoutMs). */
  drain(timeoutMs: number): Promise<void>;
  /** Graceful stop: each consumer finishes its batch and writes its checkpoint. */
  stop(reason: string): Promise<void>;
  reconcile(): Promise<Reconciliation[]>;
}

/** A checkpoint store that also tells the view the last checkpoint of each shard. */
function observed(store: CheckpointStore, last: Map<string, string>): CheckpointStore {
  return {
    get: (shardId, options) => store.get(shardId, options),
    async set(shardId, checkpoint, options) {
      const written = await store.set(shardId, checkpoint, options);
      if (written) last.set(shardId, checkpoint.sequenceNumber);
      return written;
    },
  };
}

export function startPipeline(options: PipelineOptions): Pipeline {
  const { services, ldClient, ledger, logger } = options;
  const checkpoints = new Map<string, Map<string, string>>();
  const stores = new Map<string, CheckpointStore>();

  const handlerOf = (consumer: string) => async (records: KinesisRecord[], { shardId }: { shardId: string }) => {
    for (const record of records) {
      const order = decodeOrder(record.data);
      if (order.poison && consumer === 'orders') {
        // The orders consumer cannot process a poison order: it throws, unless dead-lettering is switched on.
        if (!(await ldClient.variation('dead-letter-poison', PIPELINE_CONTEXT, false))) {
          throw new Error(`poison order ${order.orderId} on ${shardId}`);
        }
        ledger.recordDeadLettered(consumer, order.orderId);
      }
      ledger.recordHandled(consumer, shardId, order.orderId);
    }
  };

  const children = CONSUMERS.map(({ id, flagKey }) => {
    const last = new Map<string, string>();
    checkpoints.set(id, last);
    const store = dynamoDbCheckpoints({ client: services.dynamo, tableName: services.tableOf(id), createTable: true });
    stores.set(id, store);
    return {
      id,
      flagKey,
      shutdown: 15_000,
      logic: createKinesisConsumer({
        client: services.kinesis,
        streamName: services.streamName,
        handler: handlerOf(id),
        checkpoints: observed(store, last),
        startingPosition: 'TRIM_HORIZON',
        idleTimeBetweenReadsMs: 250,
        handlerTimeoutMs: 10_000,
        shardRestart: { maxRestarts: 3, periodMs: 30_000 },
        logger,
      }),
    };
  });

  const breaker = createActor(createCircuitBreaker({ flags: launchDarklyFlags(ldClient), children, logger }), {
    id: 'pipeline',
    inspect: options.inspect,
  });
  const statuses = new Map<string, BreakerChildInfo['status']>();
  breaker.on('circuitBreaker.check', () => {
    for (const child of breakerChildren(breaker)) {
      const previous = statuses.get(child.id);
      if (previous === child.status) continue;
      statuses.set(child.id, child.status);
      options.onStatus(child, previous);
    }
  });
  breaker.start();

  return {
    breaker,
    children: () => breakerChildren(breaker),
    checkpoints,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const caughtUp = () =>
        breakerChildren(breaker)
          .filter((c) => c.status === 'running')
          .every((c) => ledger.booksOf(c.id).handled.size >= ledger.produced.length);
      while (!caughtUp() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },
    stop: (reason) => stopSupervisor(breaker, reason),
    async reconcile() {
      const shards = [...ledger.producedPerShard.keys()];
      return Promise.all(
        CONSUMERS.map(async ({ id }) => {
          const store = stores.get(id)!;
          const stored = new Map<string, string>();
          for (const shardId of shards) {
            const checkpoint = await store.get(shardId);
            if (checkpoint) stored.set(shardId, checkpoint.sequenceNumber);
          }
          return ledger.reconcile(id, stored);
        }),
      );
    },
  };
}
