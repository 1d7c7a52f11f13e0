// The producer: writes synthetic orders to the stream at a steady rate, and one poison order on request.
import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { encodeOrder, nextOrder, type Order } from './order';
import type { Ledger } from './ledger';

const TICK_MS = 100;

export interface ProducerOptions {
  kinesis: KinesisClient;
  streamName: string;
  ratePerSecond: number;
  ledger: Ledger;
  onError(error: unknown): void;
}

export class Producer {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  /** Orders a failed write left over, written again first (the ledger only counts what was acknowledged). */
  private retry: Order[] = [];
  private poisonRequested = false;
  private owed = 0;

  constructor(private readonly options: ProducerOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** The next write carries one poison order. */
  injectPoison(): void {
    this.poisonRequested = true;
  }

  /** Stops writing; resolves once the last write is acknowledged (or failed). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private tick(): void {
    this.owed += (this.options.ratePerSecond * TICK_MS) / 1000;
    const count = Math.floor(this.owed);
    this.owed -= count;
    const orders = this.retry.splice(0, 500);
    const size = Math.min(500, orders.length + count);
    while (orders.length < size) orders.push(nextOrder());
    if (this.poisonRequested) {
      this.poisonRequested = false;
      orders.push(nextOrder(true));
    }
    if (orders.length === 0) return;
    this.inFlight = this.inFlight.then(() => this.put(orders));
  }

  private async put(orders: Order[]): Promise<void> {
    const entries: PutRecordsRequestEntry[] = orders.map((o) => ({ Data: encodeOrder(o), PartitionKey: o.customerId }));
    try {
      const out = await this.options.kinesis.send(new PutRecordsCommand({ StreamName: this.options.streamName, Records: entries }));
      out.Records?.forEach((result, i) => {
        if (result.SequenceNumber && result.ShardId) {
          this.options.ledger.recordProduced({ orderId: orders[i].orderId, shardId: result.ShardId, sequenceNumber: result.SequenceNumber });
        } else {
          this.retry.push(orders[i]);
        }
      });
    } catch (err) {
      this.retry.push(...orders);
      this.options.onError(err);
    }
  }
}
