// The synthetic orders the producer writes and the consumers read, as JSON in each Kinesis record.

export interface Order {
  orderId: string;
  customerId: string;
  amountCents: number;
  /** A poison order: the orders consumer cannot process it and throws (unless dead-lettering is on). */
  poison?: true;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function encodeOrder(order: Order): Uint8Array {
  return encoder.encode(JSON.stringify(order));
}

export function decodeOrder(data: Uint8Array): Order {
  return JSON.parse(decoder.decode(data)) as Order;
}

let next = 0;

/** A new order; its customer is its partition key, so one customer's orders stay in order on one shard. */
export function nextOrder(poison = false): Order {
  next += 1;
  const order: Order = {
    orderId: `o-${String(next).padStart(7, '0')}`,
    customerId: `c-${(next * 7919) % 1000}`,
    amountCents: 100 + ((next * 104729) % 99_900),
  };
  if (poison) order.poison = true;
  return order;
}
