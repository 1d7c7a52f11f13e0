// Which shards a stream consumer starts, and where: a closed shard that began reading at LATEST is not skipped.
import type { Shard } from '@aws-sdk/client-kinesis';
import type { Checkpoint } from '@xstate-otp/circuit-breaker/kinesis';
import { planShards } from '../../src/kinesis/internal/planShards';

const closedParent: Shard = {
  ShardId: 'shardId-000000000000',
  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '9' },
  SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '199' },
};
const child: Shard = {
  ShardId: 'shardId-000000000001',
  ParentShardId: 'shardId-000000000000',
  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '9' },
  SequenceNumberRange: { StartingSequenceNumber: '200' },
};
const none = new Map<string, Checkpoint | undefined>();

it('with LATEST and no checkpoints, skips a closed shard and starts its child at LATEST', () => {
  expect(planShards([closedParent, child], none, 'LATEST', new Set())).toEqual([
    { shardId: 'shardId-000000000001', startingPosition: 'LATEST', parentShardIds: ['shardId-000000000000'] },
  ]);
});

it('with LATEST, starts a closed shard that began reading before it closed (no checkpoint yet), and holds its child back', () => {
  const latestStarts = new Map([['shardId-000000000000', '150']]);
  expect(planShards([closedParent, child], none, 'LATEST', new Set(), latestStarts)).toEqual([
    { shardId: 'shardId-000000000000', startingPosition: 'LATEST', parentShardIds: [] },
  ]);
});
