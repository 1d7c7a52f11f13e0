// A CheckpointStore in process memory: for tests, and for consumers that may replay a stream after a restart.
import type { Checkpoint, CheckpointStore } from './checkpointStore';
import { assertCheckpoint, compareCheckpoints } from './internal/compareCheckpoints';

/**
 * Keeps checkpoints in a Map. They survive shard consumer restarts (the supervisor's restarts resume from
 * them) but not the process: after a restart the consumer starts from `startingPosition` again.
 *
 * @example
 * ```ts
 * const consumer = createActor(createKinesisConsumer({ client, streamName: 'orders', handler, checkpoints: memoryCheckpoints() }));
 * ```
 */
export function memoryCheckpoints(): CheckpointStore {
  const checkpoints = new Map<string, Checkpoint>();
  return {
    async get(shardId) {
      const stored = checkpoints.get(shardId);
      return stored && { ...stored };
    },
    async set(shardId, checkpoint) {
      assertCheckpoint(checkpoint);
      const stored = checkpoints.get(shardId);
      if (stored && compareCheckpoints(stored, checkpoint) >= 0) return false;
      checkpoints.set(shardId, { sequenceNumber: checkpoint.sequenceNumber, subSequenceNumber: checkpoint.subSequenceNumber });
      return true;
    },
  };
}
