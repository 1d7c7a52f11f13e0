// Orders checkpoints as Kinesis does: big-integer sequence numbers, then sub-sequence numbers, SHARD_END last.
import { SHARD_END, type Checkpoint } from '../checkpointStore';
import { CheckpointStoreError } from '../../errors';

const DIGITS = /^\d+$/;

/** Throws `invalid_checkpoint` unless `checkpoint` is a sequence number (or SHARD_END) with a sub-sequence number. */
export function assertCheckpoint(checkpoint: Checkpoint): void {
  const { sequenceNumber, subSequenceNumber } = checkpoint ?? {};
  if (typeof sequenceNumber !== 'string' || (sequenceNumber !== SHARD_END && !DIGITS.test(sequenceNumber))) {
    throw new CheckpointStoreError(
      'invalid_checkpoint',
      `checkpoint sequenceNumber must be decimal digits or "${SHARD_END}", got ${JSON.stringify(sequenceNumber)}`,
    );
  }
  if (!Number.isSafeInteger(subSequenceNumber) || subSequenceNumber < 0) {
    throw new CheckpointStoreError(
      'invalid_checkpoint',
      `checkpoint subSequenceNumber must be an integer >= 0, got ${JSON.stringify(subSequenceNumber)}`,
    );
  }
}

/** Negative when `a` is before `b`, 0 when equal, positive when after. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const aEnd = a.sequenceNumber === SHARD_END;
  const bEnd = b.sequenceNumber === SHARD_END;
  if (aEnd || bEnd) return Number(aEnd) - Number(bEnd);
  const a128 = BigInt(a.sequenceNumber);
  const b128 = BigInt(b.sequenceNumber);
  if (a128 !== b128) return a128 < b128 ? -1 : 1;
  return a.subSequenceNumber - b.subSequenceNumber;
}
