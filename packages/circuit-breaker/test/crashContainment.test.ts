// C2, C3: a crashed child stays down until its flag is cycled; crashes never reach the breaker or its parent.
import { createActor } from 'xstate';
import { createSupervisor, whichChildren, type SupervisorReportEvent } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, memoryFlags, type CircuitBreakerCheckEvent, type CircuitBreakerCrashEvent } from '@xstate-otp/circuit-breaker';
import { recordingLogger } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { crashesAtStart, Journal, worker } from './support/children';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a crashing child', () => {
  it('stays down while its flag stays on, and starts again once the flag is turned off and on', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const logger = recordingLogger();
    const breaker = startBreaker({ flags, logger, children: [{ id: 'A', logic: worker(journal), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    breaker.child('A').ref!.send({ type: 'crash' });

    await jest.advanceTimersByTimeAsync(5000); // five polls with the flag on
    expect(journal.entries).toEqual(['start A']);
    const crashed = breaker.child('A');
    expect(crashed).toMatchObject({ status: 'crashed', enabled: true, crashes: 1 });
    expect((crashed.lastError as Error).message).toBe('A crashed');
    expect(breaker.crashes).toEqual([{ type: 'circuitBreaker.crash', id: 'A', error: crashed.lastError, crashes: 1 }]);
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe("circuit breaker: child 'A' crashed; it stays down until flag 'a' is turned off");
    expect(errors[0].meta).toMatchObject({ component: 'circuitBreaker', childId: 'A', crashes: 1, error: 'A crashed' });
    expect(errors[0].meta.stack).toEqual(expect.stringContaining('Error: A crashed\n    at '));

    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(0);
    expect(breaker.child('A')).toMatchObject({ status: 'off', crashes: 1 });
    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start A', 'start A']);
    expect(breaker.child('A')).toMatchObject({ status: 'running', crashes: 1 });
  });

  it('counts a child that throws as it starts as crashed, and does not retry it while its flag stays on', async () => {
    const journal = new Journal();
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: [{ id: 'A', logic: crashesAtStart(journal), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(3000);
    expect(journal.entries).toEqual(['start A']);
    expect(breaker.child('A')).toMatchObject({ status: 'crashed', crashes: 1 });
    expect((breaker.child('A').lastError as Error).message).toBe('A cannot start');
    expect(breaker.checks.at(-1)).toEqual({ running: 0, off: 0, crashed: 1 });
  });

  it('is crashed when it crashes while shutting down, and off at the next check since its flag is off', async () => {
    const flags = memoryFlags({ a: true });
    const breaker = startBreaker({ flags, children: [{ id: 'A', logic: worker(new Journal(), 500), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    const ref = breaker.child('A').ref!;
    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(100);
    ref.send({ type: 'crash' });
    expect(breaker.child('A')).toMatchObject({ status: 'crashed', crashes: 1 });
    expect(breaker.crashes.map(({ id, crashes }) => ({ id, crashes }))).toEqual([{ id: 'A', crashes: 1 }]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(breaker.child('A')).toMatchObject({ status: 'off', crashes: 1 });
  });
});

describe('a storm of 1,000 crashes', () => {
  it('never crashes the breaker or its parent', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ fleet: true });
    const children = Array.from({ length: 1000 }, (_, i) => ({ id: `w${i}`, logic: worker(journal), flagKey: 'fleet' }));
    const root = createActor(
      createSupervisor({ maxRestarts: 0, children: [{ id: 'breaker', type: 'supervisor', logic: createCircuitBreaker({ flags, children }) }] }),
    );
    const reports: SupervisorReportEvent[] = [];
    root.on('supervisor.report', (report) => reports.push(report));
    root.start();
    const breaker = whichChildren(root)[0].ref!;
    const crashes: CircuitBreakerCrashEvent[] = [];
    const checks: CircuitBreakerCheckEvent[] = [];
    breaker.on('circuitBreaker.crash', (event: CircuitBreakerCrashEvent) => crashes.push(event));
    breaker.on('circuitBreaker.check', (event: CircuitBreakerCheckEvent) => checks.push(event));
    await jest.advanceTimersByTimeAsync(0);

    for (const child of breakerChildren(breaker)) child.ref!.send({ type: 'crash' });
    await jest.advanceTimersByTimeAsync(1000);

    expect(crashes).toHaveLength(1000);
    expect(new Set(crashes.map((c) => c.id)).size).toBe(1000);
    expect(checks.at(-1)).toEqual({ type: 'circuitBreaker.check', running: 0, off: 0, crashed: 1000 });
    expect(breaker.getSnapshot().status).toBe('active');
    expect(root.getSnapshot().status).toBe('active');
    expect(whichChildren(root)[0].ref).toBe(breaker); // never restarted
    expect(reports).toEqual([]);
    root.stop();
  });
});
