// Circuit breaker children on the dashboard: each one's flag value, status, crashes and last error.
import { createActor } from 'xstate';
import { breakerChildren, createCircuitBreaker, memoryFlags } from '@xstate-otp/circuit-breaker';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type BreakerChildView, type Dashboard } from '../src';
import { actorAt, worker } from './support/workers';

let dashboard: Dashboard;
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(() => dashboard.close());

const childrenOnPage = (): BreakerChildView[] => actorAt(dashboard.view(), 'breaker').breakerChildren ?? [];
const statusOf = (id: string) => childrenOnPage().find((c) => c.id === id)?.status;

describe('a circuit breaker on the dashboard', () => {
  it('shows each child’s flag and status as flags flip and children crash', async () => {
    const flags = memoryFlags({ 'consumer.orders': true, 'consumer.refunds': false });
    const breaker = createActor(
      createCircuitBreaker({
        flags,
        children: [
          { id: 'orders', logic: worker, flagKey: 'consumer.orders' },
          { id: 'refunds', logic: worker, flagKey: 'consumer.refunds' },
          { id: 'audit', logic: worker, flagKey: 'consumer.audit' },
        ],
      }),
      { id: 'breaker', inspect: dashboard.inspect },
    ).start();
    await waitFor('orders running', () => statusOf('orders') === 'running');
    const ordersKey = actorAt(dashboard.view(), 'breaker/circuitBreaker/children/orders').key;
    expect(actorAt(dashboard.view(), 'breaker').kind).toBe('circuitBreaker');
    expect(actorAt(dashboard.view(), 'breaker').context).toBe('{engine: [BreakerEngine], failure: undefined}');
    expect(dashboard.view().actors.filter((a) => a.breakerChildren).map((a) => a.id)).toEqual(['breaker']);
    expect(childrenOnPage()).toEqual([
      { id: 'orders', flagKey: 'consumer.orders', flag: true, status: 'running', crashes: 0, actorKey: ordersKey },
      { id: 'refunds', flagKey: 'consumer.refunds', flag: false, status: 'off', crashes: 0 },
      { id: 'audit', flagKey: 'consumer.audit', flag: null, status: 'off', crashes: 0 },
    ]);

    breakerChildren(breaker)[0].ref!.send({ type: 'crash', message: 'orders table missing' });
    await waitFor('orders crashed', () => statusOf('orders') === 'crashed');
    expect(childrenOnPage()[0]).toEqual({
      id: 'orders',
      flagKey: 'consumer.orders',
      flag: true,
      status: 'crashed',
      crashes: 1,
      lastError: 'Error: orders table missing',
    });
    const orders = actorAt(dashboard.view(), 'breaker/circuitBreaker/children/orders');
    expect({ status: orders.status, crashes: orders.crashes, lastError: orders.lastError }).toEqual({
      status: 'error',
      crashes: 1,
      lastError: 'Error: orders table missing',
    });
    expect(actorAt(dashboard.view(), 'breaker').emitted.at(-1)).toEqual({
      at: expect.any(Number),
      type: 'circuitBreaker.crash',
      payload: '{id: "orders", error: [Error: orders table missing], crashes: 1}',
    });

    flags.set('consumer.refunds', true);
    await waitFor('refunds running', () => statusOf('refunds') === 'running');
    flags.set('consumer.orders', false);
    await waitFor('orders off', () => statusOf('orders') === 'off');
    expect(childrenOnPage().map(({ id, flag, status, crashes }) => ({ id, flag, status, crashes }))).toEqual([
      { id: 'orders', flag: false, status: 'off', crashes: 1 },
      { id: 'refunds', flag: true, status: 'running', crashes: 0 },
      { id: 'audit', flag: null, status: 'off', crashes: 0 },
    ]);
    breaker.stop();
  });
});
