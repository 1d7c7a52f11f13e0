// The record a handler is given: a Kinesis record, or one user record of a KPL-aggregated Kinesis record.

/**
 * One record as the handler sees it. KPL-aggregated Kinesis records are de-aggregated first: each user
 * record inside one shares the Kinesis record's `sequenceNumber` and has its index as `subSequenceNumber`
 * (absent for plain records).
 *
 * @example
 * ```ts
 * const handler = async (records: KinesisRecord[]) => {
 *   for (const record of records) console.log(record.partitionKey, Buffer.from(record.data).toString('utf8'));
 * };
 * ```
 */
export interface KinesisRecord {
  data: Uint8Array;
  partitionKey: string;
  sequenceNumber: string;
  subSequenceNumber?: number;
  approximateArrivalTimestamp?: Date;
  /** The explicit hash key a KPL user record was put with, if any. */
  explicitHashKey?: string;
}

/**
 * What a handler is told besides its records: the shard, and a signal aborted when the batch is abandoned
 * (handler timeout, forced stop).
 *
 * @example
 * ```ts
 * const handler = async (records: KinesisRecord[], { shardId, signal }: HandlerContext) => {
 *   await fetch(url, { method: 'POST', body: JSON.stringify({ shardId, n: records.length }), signal });
 * };
 * ```
 */
export interface HandlerContext {
  shardId: string;
  signal: AbortSignal;
}

/**
 * Handles one batch (the records of one GetRecords page, in shard order). The batch's checkpoint is written
 * only after the returned promise resolves; a rejection crashes the shard consumer, and the batch is
 * delivered again after its restart. The array is the handler's to keep or change: the checkpoint and the
 * batch's size were taken before it was handed over.
 *
 * @example
 * ```ts
 * const handler: RecordHandler = async (records) => { await db.insertMany(records.map(decode)); };
 * ```
 */
export type RecordHandler = (records: KinesisRecord[], context: HandlerContext) => Promise<void>;
