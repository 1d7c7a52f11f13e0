// The run's books: lost is what a checkpoint covers but the consumer never handled; the rest is pending.
import { Ledger } from '../src/ledger';

describe('Ledger', () => {
  it('counts replays, and splits what was not handled into lost and pending by the checkpoints', () => {
    const ledger = new Ledger();
    ledger.recordProduced({ orderId: 'o1', shardId: 's0', sequenceNumber: '100' });
    ledger.recordProduced({ orderId: 'o2', shardId: 's0', sequenceNumber: '200' });
    ledger.recordProduced({ orderId: 'o3', shardId: 's0', sequenceNumber: '300' });
    ledger.recordProduced({ orderId: 'o4', shardId: 's1', sequenceNumber: '150' });
    ledger.recordHandled('orders', 's0', 'o1');
    ledger.recordHandled('orders', 's0', 'o1');

    // s0 checkpointed at 200 but o2 never handled: lost. o3 (after it) and o4 (no checkpoint): pending.
    expect(ledger.reconcile('orders', new Map([['s0', '200']]))).toEqual({
      consumer: 'orders',
      produced: 4,
      handled: 1,
      duplicates: 1,
      deadLettered: 0,
      pending: 2,
      lost: 1,
      lostOrderIds: ['o2'],
    });
  });

  it('treats a shard checkpointed at SHARD_END as fully covered', () => {
    const ledger = new Ledger();
    ledger.recordProduced({ orderId: 'o1', shardId: 's0', sequenceNumber: '100' });
    expect(ledger.reconcile('audit', new Map([['s0', 'SHARD_END']])).lostOrderIds).toEqual(['o1']);
  });
});
