// Where the stream and the checkpoint tables live: kinesalite and dynalite in this process, or real AWS.
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ResourceNotFoundException } from '@aws-sdk/client-kinesis';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalAws } from '@xstate-otp/local-aws';
import { SettingsError, type Settings } from './settings';

export interface Services {
  kinesis: KinesisClient;
  dynamo: DynamoDBClient;
  streamName: string;
  /** The checkpoint table of one consumer: consumers are separate applications, each with its lease table (as KCL's). */
  tableOf(consumer: string): string;
  /** 'local' or the AWS region, for the banner. */
  where: string;
  close(): Promise<void>;
}

export async function startServices(settings: Settings): Promise<Services> {
  if (settings.aws) {
    const { region, stream, checkpointTable } = settings.aws;
    const kinesis = new KinesisClient({ region });
    const dynamo = new DynamoDBClient({ region });
    try {
      await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    } catch (err) {
      kinesis.destroy();
      dynamo.destroy();
      if (err instanceof ResourceNotFoundException) throw new SettingsError(`KINESIS_STREAM: stream '${stream}' does not exist in ${region}`);
      throw new SettingsError(`cannot reach Kinesis in ${region} for stream '${stream}': ${(err as Error).message}`);
    }
    return {
      kinesis,
      dynamo,
      streamName: stream,
      tableOf: (consumer) => `${checkpointTable}-${consumer}`,
      where: region,
      close: async () => {
        kinesis.destroy();
        dynamo.destroy();
      },
    };
  }

  const aws = await startLocalAws();
  const kinesis = new KinesisClient(aws.kinesisConfig());
  const dynamo = new DynamoDBClient(aws.dynamoConfig());
  const streamName = 'orders';
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: settings.shards }));
  return {
    kinesis,
    dynamo,
    streamName,
    tableOf: (consumer) => `orders-pipeline-${consumer}`,
    where: 'local',
    close: async () => {
      kinesis.destroy();
      dynamo.destroy();
      await aws.close();
    },
  };
}
