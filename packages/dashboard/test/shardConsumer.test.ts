// Kinesis shard consumers on the dashboard: records handled, last checkpoint and when the last batch was checkpointed.
import { createActor } from 'xstate';
import { createShardConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type Dashboard, type ShardView } from '../src';
import { startLocalKinesis, type LocalKinesis } from './support/localKinesis';
import { actorAt } from './support/workers';

jest.setTimeout(30_000);

let kinesis: LocalKinesis;
let dashboard: Dashboard;
beforeAll(async () => {
  kinesis = await startLocalKinesis();
});
afterAll(() => kinesis.close());
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(() => dashboard.close());

describe('a shard consumer on the dashboard', () => {
  it('shows records handled, the last checkpoint and when the last batch was checkpointed', async () => {
    const [shardId] = await kinesis.createStream('orders', 1);
    const first = await kinesis.put('orders', ['o1', 'o2', 'o3', 'o4', 'o5']);
    const handled: string[] = [];
    const consumer = createActor(
      createShardConsumer({
        client: kinesis.client,
        streamName: 'orders',
        shardId,
        checkpoints: memoryCheckpoints(),
        startingPosition: 'TRIM_HORIZON',
        idleTimeBetweenReadsMs: 20,
        handler: async (records) => {
          handled.push(...records.map((r) => Buffer.from(r.data).toString()));
        },
      }),
      { id: shardId, inspect: dashboard.inspect },
    );
    const shard = (): ShardView | undefined => actorAt(dashboard.view(), shardId).shard;
    const before = Date.now();
    consumer.start();
    expect(shard()).toEqual({ records: 0, batches: 0 });

    await waitFor('the first batch checkpointed', () => shard()?.records === 5);
    expect(handled).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect(shard()).toEqual({ records: 5, batches: 1, lastCheckpoint: first[4], lastBatchAt: expect.any(Number), millisBehindLatest: 0 });
    const firstBatchAt = shard()!.lastBatchAt!;
    expect(firstBatchAt).toBeGreaterThanOrEqual(before);
    expect(firstBatchAt).toBeLessThanOrEqual(Date.now());

    const second = await kinesis.put('orders', ['o6', 'o7']);
    await waitFor('the second batch checkpointed', () => shard()?.records === 7);
    expect(shard()).toEqual({ records: 7, batches: 2, lastCheckpoint: second[1], lastBatchAt: expect.any(Number), millisBehindLatest: 0 });
    expect(shard()!.lastBatchAt!).toBeGreaterThanOrEqual(firstBatchAt);
    const view = actorAt(dashboard.view(), shardId);
    expect({ machineId: view.machineId, emitted: view.emitted.map((e) => e.type) }).toEqual({ machineId: 'shardConsumer', emitted: ['shard.batch', 'shard.batch'] });
    consumer.stop();
  });
});
