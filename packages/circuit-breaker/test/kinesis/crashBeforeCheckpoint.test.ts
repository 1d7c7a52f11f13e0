// K3: the process dies after the handler resolved but before the checkpoint reached the table: the batch comes again.
import { createActor, toPromise } from 'xstate';
import { createKinesisConsumer, dynamoDbCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { waitFor } from '@xstate-otp/test-kit';
import { recordingHandler, useKinesisTestEnv } from './kinesisTestEnv';

jest.setTimeout(60_000);

const env = useKinesisTestEnv();

it('delivers the batch again to the next process, which then checkpoints it', async () => {
  const streamName = env.uniqueName('invoices');
  const [shardId] = await env.createStream(streamName, 1);
  const written = await env.put(streamName, Array.from({ length: 6 }, (_, i) => ({ partitionKey: 'p', data: `r${i + 1}` })));
  const tableName = env.uniqueName('leases');
  const options = { client: env.kinesis, streamName, startingPosition: 'TRIM_HORIZON' as const, maxRecords: 3, idleTimeBetweenReadsMs: 10 };

  // First process: the checkpoint write of r4..r6 never reaches DynamoDB, because the process stops right
  // then (the actor is stopped as a killed process would be, and the request fails on the wire).
  const first = recordingHandler();
  const firstConsumer = createActor(
    createKinesisConsumer({ ...options, handler: first.handler, checkpoints: dynamoDbCheckpoints({ client: env.dynamo, tableName, createTable: true }) }),
  );
  env.dynamoProbe.inject({
    command: 'UpdateItemCommand',
    fault: 'connectionReset',
    times: 1,
    when: (input) => (input.ExpressionAttributeValues as Record<string, { S: string }>)[':checkpoint'].S === written[5].sequenceNumber,
    before: () => firstConsumer.stop(),
  });
  firstConsumer.start();
  await waitFor('the first process stopped', () => firstConsumer.getSnapshot().status === 'stopped', { timeoutMs: 20_000 });
  expect(first.batches.map((b) => b.data)).toEqual([
    ['r1', 'r2', 'r3'],
    ['r4', 'r5', 'r6'],
  ]);
  expect((await env.scanTable(tableName)).map((item) => item.checkpoint)).toEqual([written[2].sequenceNumber]);

  // Second process: a new store and consumer over the same table.
  const second = recordingHandler();
  const secondConsumer = createActor(
    createKinesisConsumer({ ...options, handler: second.handler, checkpoints: dynamoDbCheckpoints({ client: env.dynamo, tableName }) }),
  ).start();
  await waitFor('r6 checkpointed', async () => (await env.scanTable(tableName))[0].checkpoint === written[5].sequenceNumber, { timeoutMs: 20_000 });
  secondConsumer.send({ type: 'otp.shutdown' });
  await toPromise(secondConsumer);

  expect(second.batches).toEqual([{ shardId, data: ['r4', 'r5', 'r6'] }]);
  expect(await env.scanTable(tableName)).toEqual([
    expect.objectContaining({ leaseKey: shardId, checkpoint: written[5].sequenceNumber, checkpointSubSequenceNumber: 0, leaseCounter: 2 }),
  ]);
});
