// The books of the run: what was produced where, what each consumer handled, and so what was lost.
// "Lost" is computed, never assumed: a record is lost for a consumer when its shard's checkpoint is at or past
// it and the consumer never handled it (at-least-once broken). Records after the checkpoint are pending: a
// restart delivers them.

export interface ProducedRecord {
  orderId: string;
  shardId: string;
  sequenceNumber: string;
}

export interface ConsumerBooks {
  /** Distinct orders handled. */
  handled: Set<string>;
  /** Deliveries of an order already handled (at-least-once replays after a crash or restart). */
  duplicates: number;
  handledPerShard: Map<string, number>;
  deadLettered: Set<string>;
}

export interface Reconciliation {
  consumer: string;
  produced: number;
  handled: number;
  duplicates: number;
  deadLettered: number;
  pending: number;
  lost: number;
  lostOrderIds: string[];
}

export class Ledger {
  readonly produced: ProducedRecord[] = [];
  readonly producedPerShard = new Map<string, number>();
  private readonly books = new Map<string, ConsumerBooks>();

  recordProduced(record: ProducedRecord): void {
    this.produced.push(record);
    this.producedPerShard.set(record.shardId, (this.producedPerShard.get(record.shardId) ?? 0) + 1);
  }

  booksOf(consumer: string): ConsumerBooks {
    let books = this.books.get(consumer);
    if (!books) {
      books = { handled: new Set(), duplicates: 0, handledPerShard: new Map(), deadLettered: new Set() };
      this.books.set(consumer, books);
    }
    return books;
  }

  recordHandled(consumer: string, shardId: string, orderId: string): void {
    const books = this.booksOf(consumer);
    if (books.handled.has(orderId)) {
      books.duplicates += 1;
      return;
    }
    books.handled.add(orderId);
    books.handledPerShard.set(shardId, (books.handledPerShard.get(shardId) ?? 0) + 1);
  }

  recordDeadLettered(consumer: string, orderId: string): void {
    this.booksOf(consumer).deadLettered.add(orderId);
  }

  /**
   * Compares what was produced with what the consumer handled, given its checkpoints per shard
   * (sequence numbers, or 'SHARD_END'; a shard without one has nothing checkpointed).
   */
  reconcile(consumer: string, checkpoints: ReadonlyMap<string, string>): Reconciliation {
    const books = this.booksOf(consumer);
    let pending = 0;
    const lostOrderIds: string[] = [];
    for (const record of this.produced) {
      if (books.handled.has(record.orderId)) continue;
      const checkpoint = checkpoints.get(record.shardId);
      const covered =
        checkpoint !== undefined && (checkpoint === 'SHARD_END' || BigInt(record.sequenceNumber) <= BigInt(checkpoint));
      if (covered) lostOrderIds.push(record.orderId);
      else pending += 1;
    }
    return {
      consumer,
      produced: this.produced.length,
      handled: books.handled.size,
      duplicates: books.duplicates,
      deadLettered: books.deadLettered.size,
      pending,
      lost: lostOrderIds.length,
      lostOrderIds,
    };
  }
}
