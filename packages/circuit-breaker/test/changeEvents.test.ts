// C4: change events act at once; polling alone converges within checkIntervalMs; checks never overlap.
import { memoryFlags, type FlagContext, type FlagSource } from '@xstate-otp/circuit-breaker';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('checks', () => {
  it('start and stop a child on a change event without waiting for the poll', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: false });
    const breaker = startBreaker({ flags, checkIntervalMs: 60_000, children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start A']);
    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(0);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']);
    expect(breaker.statuses()).toEqual({ A: 'off' });
  });

  it('only evaluate the flags a change event names', async () => {
    const flags = memoryFlags({ a: true, b: true });
    const evaluated: string[] = [];
    const source: FlagSource = { ...flags, evaluate: (key, context) => (evaluated.push(context.key), flags.evaluate(key, context)) };
    const journal = new Journal();
    startBreaker({
      flags: source,
      checkIntervalMs: 60_000,
      children: [
        { id: 'A1', logic: worker(journal), flagKey: 'a' },
        { id: 'B', logic: worker(journal), flagKey: 'b' },
        { id: 'A2', logic: worker(journal), flagKey: 'a' },
      ],
    });
    await jest.advanceTimersByTimeAsync(0);
    evaluated.length = 0;
    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(evaluated).toEqual(['A1', 'A2']);
  });

  it('converge within one checkIntervalMs when the source has no change events', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: false });
    const silent: FlagSource = { evaluate: flags.evaluate };
    startBreaker({ flags: silent, checkIntervalMs: 1000, children: [{ id: 'A', logic: worker(journal), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(300);
    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(699);
    expect(journal.entries).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(journal.entries).toEqual(['start A']);
  });

  it('never overlap: a slow source holds one check at a time and checks do not pile up', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const slow: FlagSource = {
      evaluate: () => {
        calls++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return new Promise((resolve) => setTimeout(() => (inFlight--, resolve(true)), 2500));
      },
      subscribe: (onChange) => {
        const timer = setInterval(() => onChange(['a']), 100); // a flood of change events
        return () => clearInterval(timer);
      },
    };
    const breaker = startBreaker({ flags: slow, checkIntervalMs: 1000, children: [{ id: 'A', logic: worker(new Journal()), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(maxInFlight).toBe(1);
    // One check per 2.5 s, back to back: started at 0, 2.5, 5, 7.5 and 10 s; four of them finished.
    expect(calls).toBe(5);
    expect(breaker.checks).toHaveLength(4);
  });

  it('keep polling every checkIntervalMs while change events for other flags keep coming', async () => {
    const flags = memoryFlags({ a: true, noisy: true });
    const evaluated: string[] = [];
    const source: FlagSource = {
      evaluate: (key: string, context: FlagContext) => (evaluated.push(key), flags.evaluate(key, context)),
      subscribe: flags.subscribe,
    };
    startBreaker({
      flags: source,
      checkIntervalMs: 1000,
      children: [
        { id: 'A', logic: worker(new Journal()), flagKey: 'a' },
        { id: 'N', logic: worker(new Journal()), flagKey: 'noisy' },
      ],
    });
    const noise = setInterval(() => flags.set('noisy', true), 300);
    await jest.advanceTimersByTimeAsync(3000);
    clearInterval(noise);
    expect(evaluated.filter((key) => key === 'a')).toHaveLength(4); // the first check, then one per second
    expect(evaluated.filter((key) => key === 'noisy')).toHaveLength(14); // 4 polls + 10 change events
  });
});
