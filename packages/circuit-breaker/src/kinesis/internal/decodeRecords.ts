// Turns one GetRecords page into handler records, de-aggregating KPL records with AWS's aws-kinesis-agg.
import type { _Record } from '@aws-sdk/client-kinesis';
import { deaggregateSync } from 'aws-kinesis-agg';
import type { Checkpoint } from '../checkpointStore';
import type { KinesisRecord } from '../kinesisRecord';

/** The first 4 bytes of a KPL aggregated record (aggregation-format.md). */
const KPL_MAGIC = [0xf3, 0x89, 0x9a, 0xc2];

export interface DecodedPage {
  records: KinesisRecord[];
  /** Where the page ends: the checkpoint to write once its handler resolved. */
  checkpoint?: Checkpoint;
  /** Sequence numbers of records that looked aggregated but failed to decode (delivered as they are). */
  undecodable: string[];
}

export function decodeRecords(page: readonly _Record[]): DecodedPage {
  const records: KinesisRecord[] = [];
  const undecodable: string[] = [];
  for (const record of page) {
    const data = record.Data!;
    if (isAggregated(data)) {
      const users = deaggregate(record);
      if (users) {
        for (const user of users) records.push(user);
        continue;
      }
      undecodable.push(record.SequenceNumber!);
    }
    // One object shape for every record keeps this loop monomorphic (it runs once per record).
    records.push({
      data,
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      subSequenceNumber: undefined,
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp,
      explicitHashKey: undefined,
    });
  }
  const last = records[records.length - 1];
  return {
    records,
    checkpoint: last && { sequenceNumber: last.sequenceNumber, subSequenceNumber: last.subSequenceNumber ?? 0 },
    undecodable,
  };
}

function isAggregated(data: Uint8Array): boolean {
  return (
    data.length > 20 && data[0] === KPL_MAGIC[0] && data[1] === KPL_MAGIC[1] && data[2] === KPL_MAGIC[2] && data[3] === KPL_MAGIC[3]
  );
}

/** The user records of a KPL record, or undefined when it is corrupt (bad checksum or protobuf), as KCL does. */
function deaggregate(record: _Record): KinesisRecord[] | undefined {
  let result: KinesisRecord[] | undefined;
  // The module's older (v2) record shape: base64 data in, base64 data out, typed by its own UserRecord.
  const v2 = { data: Buffer.from(record.Data!).toString('base64'), partitionKey: record.PartitionKey, sequenceNumber: record.SequenceNumber };
  deaggregateSync(v2, true, (error, users) => {
    if (error || !users) return;
    result = users.map((user) => ({
      data: Buffer.from(user.data, 'base64'),
      partitionKey: user.partitionKey,
      sequenceNumber: record.SequenceNumber!,
      subSequenceNumber: user.subSequenceNumber,
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp,
      explicitHashKey: user.explicitPartitionKey,
    }));
  });
  return result;
}
