// The public surface of @xstate-otp/circuit-breaker/kinesis: the only module of the package that loads the AWS SDK.
export { SHARD_END } from './checkpointStore';
export type { Checkpoint, CheckpointStore, CheckpointCallOptions, CheckpointSetOptions } from './checkpointStore';
export { memoryCheckpoints } from './memoryCheckpoints';
export { dynamoDbCheckpoints, type DynamoDbCheckpointsOptions } from './dynamoDbCheckpoints';
export {
  KinesisConsumerError,
  CheckpointStoreError,
  type KinesisConsumerErrorCode,
  type CheckpointStoreErrorCode,
} from '../errors';
export type { KinesisRecord, HandlerContext, RecordHandler } from './kinesisRecord';
export type { ConsumerOptions, StartingPosition } from './consumerOptions';
export {
  createShardConsumer,
  type ShardConsumerOptions,
  type ShardConsumerOutput,
  type ShardConsumerEmitted,
  type ShardConsumerEvent,
  type ShardConsumerLogic,
  type ShardConsumerActorRef,
  type ShardConsumerSnapshot,
} from './createShardConsumer';
export {
  createKinesisConsumer,
  type KinesisConsumerOptions,
  type KinesisConsumerEvent,
  type KinesisConsumerLogic,
  type KinesisConsumerActorRef,
  type KinesisConsumerSnapshot,
} from './createKinesisConsumer';
