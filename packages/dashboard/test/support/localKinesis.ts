// A Kinesis stream for tests: @xstate-otp/local-aws's in-process kinesalite, with the real AWS SDK v3 client.
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { startLocalAws } from '@xstate-otp/local-aws';
import { waitFor } from '@xstate-otp/test-kit';

export interface LocalKinesis {
  client: KinesisClient;
  /** Creates an ACTIVE stream of `shardCount` shards and resolves their ids. */
  createStream(streamName: string, shardCount: number): Promise<string[]>;
  /** Writes records in order; resolves their sequence numbers. */
  put(streamName: string, data: string[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function startLocalKinesis(): Promise<LocalKinesis> {
  const aws = await startLocalAws();
  const client = new KinesisClient(aws.kinesisConfig());
  return {
    client,
    async createStream(streamName, shardCount) {
      await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
      // local-aws makes the stream ACTIVE on the next timer tick.
      const describe = new DescribeStreamSummaryCommand({ StreamName: streamName });
      await waitFor(`stream ${streamName} ACTIVE`, async () => (await client.send(describe)).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
      return Shards.map((s) => s.ShardId!);
    },
    async put(streamName, data) {
      const { Records = [] } = await client.send(
        new PutRecordsCommand({ StreamName: streamName, Records: data.map((d) => ({ PartitionKey: 'key', Data: Buffer.from(d) })) }),
      );
      return Records.map((r) => r.SequenceNumber!);
    },
    async close() {
      client.destroy();
      await aws.close();
    },
  };
}
