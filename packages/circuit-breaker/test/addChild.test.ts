// addChild and breakerChildren: children added at runtime follow the same rules, and bad calls are rejected.
import { createActor } from 'xstate';
import { createDynamicSupervisor, stopSupervisor } from '@xstate-otp/core';
import { addChild, breakerChildren, CircuitBreakerError, memoryFlags } from '@xstate-otp/circuit-breaker';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('addChild', () => {
  it('resolves once the new child was checked, started when its flag is on', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true, b: false });
    const breaker = startBreaker({ flags, checkIntervalMs: 60_000, children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    await addChild(breaker.actor, { id: 'A2', logic: worker(journal, 0), flagKey: 'a' });
    await addChild(breaker.actor, { id: 'B', logic: worker(journal, 0), flagKey: 'b', flagContext: { kind: 'shard', key: 'shard-1' } });
    expect(breakerChildren(breaker.actor).map(({ id, flagKey, enabled, status, crashes }) => ({ id, flagKey, enabled, status, crashes }))).toEqual([
      { id: 'A', flagKey: 'a', enabled: true, status: 'running', crashes: 0 },
      { id: 'A2', flagKey: 'a', enabled: true, status: 'running', crashes: 0 },
      { id: 'B', flagKey: 'b', enabled: false, status: 'off', crashes: 0 },
    ]);
    flags.set('a', false);
    flags.set('b', true);
    await jest.advanceTimersByTimeAsync(1); // A and A2 drain side by side, and B does not wait for them
    expect(breaker.statuses()).toEqual({ A: 'off', A2: 'off', B: 'running' });
    expect(journal.entries).toEqual(['start A', 'start A2', 'draining A', 'draining A2', 'start B', 'stop A', 'stop A2']);
  });

  it('rejects a taken id or a spec without flagKey, and adds nothing', async () => {
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: [{ id: 'A', logic: worker(new Journal()), flagKey: 'a' }] });
    await expect(addChild(breaker.actor, { id: 'A', logic: worker(new Journal()), flagKey: 'a' })).rejects.toEqual(
      new CircuitBreakerError('invalid_child_spec', "child 'A': id must be unique among the breaker children (duplicate id), got 'A'"),
    );
    await expect(addChild(breaker.actor, { id: 'B', logic: worker(new Journal()) } as never)).rejects.toHaveProperty('code', 'invalid_child_spec');
    expect(breakerChildren(breaker.actor).map((c) => c.id)).toEqual(['A']);
  });

  it('rejects with not_a_circuit_breaker once the breaker is shutting down, and adds nothing', async () => {
    const journal = new Journal();
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: [{ id: 'A', logic: worker(journal, 500), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    const stopped = stopSupervisor(breaker.actor); // A drains for 500 ms: the breaker is still active meanwhile
    expect(breaker.actor.getSnapshot().status).toBe('active');
    await expect(addChild(breaker.actor, { id: 'B', logic: worker(journal), flagKey: 'a' })).rejects.toEqual(
      new CircuitBreakerError('not_a_circuit_breaker', `circuit breaker '${breaker.actor.id}' is shutting down`),
    );
    expect(breakerChildren(breaker.actor).map((c) => c.id)).toEqual(['A']);
    await jest.advanceTimersByTimeAsync(500);
    await stopped;
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']);
  });

  it('rejects an addChild still waiting for its check when the breaker starts shutting down, and adds nothing', async () => {
    const journal = new Journal();
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    const added = addChild(breaker.actor, { id: 'B', logic: worker(journal, 0), flagKey: 'a' }); // its check is asking the source...
    const stopped = stopSupervisor(breaker.actor); // ...when the shutdown begins
    await expect(added).rejects.toEqual(
      new CircuitBreakerError('not_a_circuit_breaker', "the circuit breaker is shutting down: child 'B' was not added, no check looked at its flag"),
    );
    await jest.advanceTimersByTimeAsync(1);
    await stopped;
    expect(breakerChildren(breaker.actor).map((c) => c.id)).toEqual(['A']);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']); // B never started
  });

  it('rejects an addChild still waiting for its check when the breaker is stopped', async () => {
    const journal = new Journal();
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    const added = addChild(breaker.actor, { id: 'B', logic: worker(journal, 0), flagKey: 'a' });
    breaker.actor.stop();
    await expect(added).rejects.toEqual(
      new CircuitBreakerError('not_a_circuit_breaker', "the circuit breaker stopped: child 'B' was not added, no check looked at its flag"),
    );
    await jest.advanceTimersByTimeAsync(1);
    expect(journal.entries).toEqual(['start A']); // B never started
  });

  it('rejects, and breakerChildren throws, for an actor that is not a circuit breaker', async () => {
    const pool = createActor(createDynamicSupervisor()).start();
    const expected = new CircuitBreakerError('not_a_circuit_breaker', `expected a circuit breaker actor, got '${pool.id}'`);
    await expect(addChild(pool, { id: 'A', logic: worker(new Journal()), flagKey: 'a' })).rejects.toEqual(expected);
    expect(() => breakerChildren(pool)).toThrow(expected);
    pool.stop();
  });
});
