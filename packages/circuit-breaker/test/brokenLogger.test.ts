// A logger that throws (a broken transport) never breaks the breaker: its lines are dropped and the breaker runs on.
import type { Logger } from '@xstate-otp/core';
import { memoryFlags } from '@xstate-otp/circuit-breaker';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { faultyFlags } from './support/faultyFlags';

const transportDown = (): never => {
  throw new Error('transport down');
};

const brokenLoggers: Array<[string, () => Logger]> = [
  [
    'whose every method throws',
    () => {
      const logger: Logger = { error: transportDown, warn: transportDown, info: transportDown, debug: transportDown, child: () => logger };
      return logger;
    },
  ],
  ['whose child() throws', () => ({ error: transportDown, warn: transportDown, info: transportDown, debug: transportDown, child: transportDown })],
  ['without child(), whose every method throws', () => ({ error: transportDown, warn: transportDown, info: transportDown, debug: transportDown })],
];

describe('a logger that throws', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
    process.off('unhandledRejection', onUnhandled);
  });

  it.each(brokenLoggers)('(%s) changes nothing: children are started, monitored, stopped and reported as without it', async (_, makeLogger) => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const faults = faultyFlags(flags);
    const breaker = startBreaker({ flags: faults.source, logger: makeLogger(), checkIntervalMs: 1000, children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    const first = breaker.child('A').ref;
    expect(breaker.child('A')).toMatchObject({ status: 'running', enabled: true });
    expect(first).toBeDefined();

    faults.fail('rejects'); // the outage warning throws: the monitor must not crash (which would restart A)
    await jest.advanceTimersByTimeAsync(3000);
    expect(breaker.child('A').ref).toBe(first);
    expect(breaker.checks).toHaveLength(4);
    faults.heal();

    flags.set('a', false); // its exit is seen: it was monitored
    await jest.advanceTimersByTimeAsync(1);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: false });

    flags.set('a', true);
    await jest.advanceTimersByTimeAsync(0);
    breaker.child('A').ref!.send({ type: 'crash' }); // the error line throws
    expect(breaker.child('A')).toMatchObject({ status: 'crashed', crashes: 1 });
    expect(breaker.crashes.map(({ id, crashes }) => ({ id, crashes }))).toEqual([{ id: 'A', crashes: 1 }]);

    flags.set('a', false);
    await jest.advanceTimersByTimeAsync(0);
    expect(breaker.child('A')).toMatchObject({ status: 'off', crashes: 1 });
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A', 'start A']);
    await jest.advanceTimersByTimeAsync(0); // let any rejection with nobody to catch it surface
    expect(unhandled).toEqual([]);
  });
});
