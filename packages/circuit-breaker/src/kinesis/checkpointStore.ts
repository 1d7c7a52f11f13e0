// Where a consumer keeps each shard's progress: the checkpoint type and the store interface.

/**
 * The sequence number of a closed shard that was read to its end: the terminal checkpoint, after which
 * the shard's children may start.
 *
 * @example
 * ```ts
 * if ((await store.get(shardId))?.sequenceNumber === SHARD_END) console.log(`${shardId} is done`);
 * ```
 */
export const SHARD_END = 'SHARD_END';

/**
 * How far a shard has been handled: the last record whose batch's handler resolved. For a KPL-aggregated
 * record, `subSequenceNumber` is the index of the last user record inside it (0 otherwise), as in KCL's
 * extended sequence numbers.
 *
 * @example
 * ```ts
 * const checkpoint: Checkpoint = { sequenceNumber: '49590338271490256608559692538361571095921575989136588898', subSequenceNumber: 0 };
 * ```
 */
export interface Checkpoint {
  /** A Kinesis sequence number (decimal digits), or {@link SHARD_END}. */
  sequenceNumber: string;
  subSequenceNumber: number;
}

/**
 * Durable checkpoints, one per shard. Implementations must never move a checkpoint backwards, even when a
 * stale writer calls `set` late: compare as (big integer sequence number, sub-sequence number), with
 * {@link SHARD_END} above every sequence number.
 *
 * @example
 * ```ts
 * const store: CheckpointStore = memoryCheckpoints();
 * await store.set('shardId-000000000000', { sequenceNumber: '42', subSequenceNumber: 0 }); // true
 * await store.set('shardId-000000000000', { sequenceNumber: '41', subSequenceNumber: 0 }); // false: never backwards
 * ```
 */
export interface CheckpointStore {
  /** The shard's checkpoint, or `undefined` when it has none yet. */
  get(shardId: string, options?: CheckpointCallOptions): Promise<Checkpoint | undefined>;
  /**
   * Moves the shard's checkpoint forward to `checkpoint`. Resolves `true` when it was written, `false`
   * (writing nothing) when the stored checkpoint is already at or past it.
   */
  set(shardId: string, checkpoint: Checkpoint, options?: CheckpointSetOptions): Promise<boolean>;
}

/**
 * Per-call options of a {@link CheckpointStore}: an AbortSignal that cancels the call (the consumer aborts
 * it on shutdown and on timeout).
 *
 * @example
 * ```ts
 * await store.get(shardId, { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface CheckpointCallOptions {
  signal?: AbortSignal;
}

/**
 * Options of {@link CheckpointStore.set}: also the shard's parents, which the DynamoDB store keeps as the
 * KCL lease's `parentShardId`.
 *
 * @example
 * ```ts
 * await store.set(shardId, { sequenceNumber: SHARD_END, subSequenceNumber: 0 }, { parentShardIds: ['shardId-000000000000'] });
 * ```
 */
export interface CheckpointSetOptions extends CheckpointCallOptions {
  parentShardIds?: readonly string[];
}
