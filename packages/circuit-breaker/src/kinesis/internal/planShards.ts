// Decides which shards get a consumer now: resumes checkpoints, gates children on their parents' SHARD_END.
import type { Shard } from '@aws-sdk/client-kinesis';
import { SHARD_END, type Checkpoint } from '../checkpointStore';
import type { StartingPosition } from '../consumerOptions';

/** A shard consumer to start: where it starts when it has no checkpoint, and its parents (for the lease item). */
export interface ShardStart {
  shardId: string;
  startingPosition: StartingPosition;
  parentShardIds: string[];
}

/**
 * The shards to start, in the listing's order, among those not already `running`:
 * - a shard with a checkpoint resumes after it (until the checkpoint is SHARD_END);
 * - a shard with parents in the listing waits until every parent reached SHARD_END, then starts at
 *   TRIM_HORIZON (split: one parent; merge: two);
 * - a shard whose parents are gone from the listing (trimmed) or that has none starts at `startingPosition`;
 * - with LATEST, a closed shard nobody ever checkpointed nor began reading (`latestStarts`), whose own
 *   parents were skipped too, is skipped: "from now on" holds nothing in it, and its children then start
 *   as if they had no parents.
 */
export function planShards(
  shards: readonly Shard[],
  checkpoints: ReadonlyMap<string, Checkpoint | undefined>,
  startingPosition: StartingPosition,
  running: ReadonlySet<string>,
  latestStarts: ReadonlyMap<string, string> = new Map(),
): ShardStart[] {
  const byId = new Map(shards.map((s) => [s.ShardId!, s]));
  const parentsOf = (shard: Shard) =>
    [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => id !== undefined && byId.has(id));
  const done = (id: string) => checkpoints.get(id)?.sequenceNumber === SHARD_END;
  const skippedMemo = new Map<string, boolean>();
  const skipped = (shard: Shard): boolean => {
    const id = shard.ShardId!;
    let result = skippedMemo.get(id);
    if (result === undefined) {
      result =
        startingPosition === 'LATEST' &&
        shard.SequenceNumberRange?.EndingSequenceNumber !== undefined &&
        checkpoints.get(id) === undefined &&
        !latestStarts.has(id) &&
        parentsOf(shard).every((p) => skipped(byId.get(p)!));
      skippedMemo.set(id, result);
    }
    return result;
  };

  const starts: ShardStart[] = [];
  for (const shard of shards) {
    const shardId = shard.ShardId!;
    if (running.has(shardId) || done(shardId) || skipped(shard)) continue;
    const parentShardIds = parentsOf(shard);
    if (checkpoints.get(shardId) !== undefined || parentShardIds.length === 0) {
      starts.push({ shardId, startingPosition, parentShardIds });
      continue;
    }
    if (!parentShardIds.every((p) => done(p) || skipped(byId.get(p)!))) continue;
    const afterReadParents = parentShardIds.some(done);
    starts.push({ shardId, startingPosition: afterReadParents ? 'TRIM_HORIZON' : startingPosition, parentShardIds });
  }
  return starts;
}
