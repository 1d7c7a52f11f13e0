// C1: a flag turned off shuts its running child down gracefully; turned on again, the child starts again.
import { createActor } from 'xstate';
import { createSupervisor, stopSupervisor } from '@xstate-otp/core';
import { createCircuitBreaker, memoryFlags } from '@xstate-otp/circuit-breaker';
import { recordingLogger } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a flag turning off and on', () => {
  it('starts only the children whose flag is on', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ 'orders.on': true, 'refunds.on': false });
    const breaker = startBreaker({
      flags,
      children: [
        { id: 'orders', logic: worker(journal), flagKey: 'orders.on' },
        { id: 'refunds', logic: worker(journal), flagKey: 'refunds.on' },
        { id: 'audit', logic: worker(journal), flagKey: 'orders.on' },
      ],
    });
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start orders', 'start audit']);
    expect(breaker.statuses()).toEqual({ orders: 'running', refunds: 'off', audit: 'running' });
  });

  it('shuts a running child down gracefully when its flag turns off, and starts it again when it turns on', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ 'orders.on': true });
    const logger = recordingLogger();
    const breaker = startBreaker({ flags, logger, children: [{ id: 'orders', logic: worker(journal, 300), flagKey: 'orders.on', shutdown: 1000 }] });
    await jest.advanceTimersByTimeAsync(0);
    const first = breaker.child('orders').ref!;

    flags.set('orders.on', false);
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start orders', 'draining orders']);
    expect(breaker.child('orders')).toMatchObject({ status: 'running', enabled: false }); // still draining

    await jest.advanceTimersByTimeAsync(300);
    expect(journal.entries).toEqual(['start orders', 'draining orders', 'stop orders']);
    expect(first.getSnapshot().status).toBe('done'); // it finished its drain: it was not killed
    expect(breaker.child('orders')).toEqual({ id: 'orders', flagKey: 'orders.on', enabled: false, status: 'off', crashes: 0 });

    flags.set('orders.on', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start orders', 'draining orders', 'stop orders', 'start orders']);
    const second = breaker.child('orders').ref!;
    expect(second).not.toBe(first);
    expect(second.getSnapshot().status).toBe('active');
    expect(logger.lines.map((l) => [l.level, l.message, l.meta.childId])).toEqual([
      ['info', "circuit breaker: child 'orders' started (flag 'orders.on' is on)", 'orders'],
      ['info', "circuit breaker: stopping child 'orders' (flag 'orders.on' is off)", 'orders'],
      ['info', "circuit breaker: child 'orders' stopped", 'orders'],
      ['info', "circuit breaker: child 'orders' started (flag 'orders.on' is on)", 'orders'],
    ]);
  });

  it('starts a child again at once when its flag comes back on while it is still draining', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const breaker = startBreaker({ flags, checkIntervalMs: 60_000, children: [{ id: 'A', logic: worker(journal, 500), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(100);
    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(400);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A', 'start A']);
    expect(breaker.statuses()).toEqual({ A: 'running' });
  });

  it('stops by force a child that misses its shutdown deadline, and says so', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const logger = recordingLogger();
    const breaker = startBreaker({ flags, logger, children: [{ id: 'A', logic: worker(journal, 10_000), flagKey: 'a', shutdown: 1000 }] });
    await jest.advanceTimersByTimeAsync(0);
    const ref = breaker.child('A').ref!;
    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(999);
    expect(breaker.statuses()).toEqual({ A: 'running' });
    await jest.advanceTimersByTimeAsync(1);
    expect(ref.getSnapshot().status).toBe('stopped');
    expect(breaker.statuses()).toEqual({ A: 'off' });
    expect(logger.at('warn').map((l) => [l.message, l.meta.childId])).toEqual([
      ["circuit breaker: child 'A' missed its shutdown deadline and was stopped by force", 'A'],
    ]);
  });

  it('drains every child when stopSupervisor stops the breaker', async () => {
    const journal = new Journal();
    const breaker = startBreaker({
      flags: memoryFlags({ a: true, b: true }),
      children: [
        { id: 'A', logic: worker(journal, 200), flagKey: 'a' },
        { id: 'B', logic: worker(journal, 100), flagKey: 'b' },
      ],
    });
    await jest.advanceTimersByTimeAsync(0);
    const stopped = stopSupervisor(breaker.actor);
    await jest.advanceTimersByTimeAsync(300);
    await stopped;
    expect(journal.entries).toEqual(['start A', 'start B', 'draining B', 'stop B', 'draining A', 'stop A']);
    expect(breaker.actor.getSnapshot().status).toBe('done');
  });

  it('drains every child when the breaker itself is shut down by its supervisor, then checks no more', async () => {
    const journal = new Journal();
    let evaluations = 0;
    const flags = memoryFlags({ a: true, b: true });
    const counted = { evaluate: (key: string, context: { kind: string; key: string }) => (evaluations++, flags.evaluate(key, context)) };
    const root = createActor(
      createSupervisor({
        children: [
          {
            id: 'breaker',
            type: 'supervisor',
            logic: createCircuitBreaker({
              flags: counted,
              children: [
                { id: 'A', logic: worker(journal, 200), flagKey: 'a' },
                { id: 'B', logic: worker(journal, 100), flagKey: 'b' },
              ],
            }),
          },
        ],
      }),
    ).start();
    await jest.advanceTimersByTimeAsync(0);
    const stopped = stopSupervisor(root, 'test over');
    await jest.advanceTimersByTimeAsync(300); // reverse start order: B drains (100 ms), then A (200 ms)
    await stopped;
    expect(journal.entries).toEqual(['start A', 'start B', 'draining B', 'stop B', 'draining A', 'stop A']);
    const after = evaluations;
    await jest.advanceTimersByTimeAsync(5000);
    expect(evaluations).toBe(after);
  });
});
