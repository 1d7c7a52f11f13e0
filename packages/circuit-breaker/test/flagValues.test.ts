// C6: an unknown flag or a non-boolean value counts as off, with one warning naming the flag and the value.
import { launchDarklyFlags, memoryFlags, type FlagSource } from '@xstate-otp/circuit-breaker';
import { recordingLogger } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { testDataFixture } from './support/launchDarkly';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('flag values that are not booleans', () => {
  it('count an unknown flag as off, warning once that names the flag', async () => {
    const journal = new Journal();
    const logger = recordingLogger();
    const breaker = startBreaker({ flags: memoryFlags(), logger, children: [{ id: 'A', logic: worker(journal), flagKey: 'never-created' }] });
    await jest.advanceTimersByTimeAsync(5000);
    expect(journal.entries).toEqual([]);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: undefined });
    expect(logger.at('warn').map((l) => [l.message, l.meta])).toEqual([
      [
        "circuit breaker: flag 'never-created' is unknown to the flag source; child 'A' counts as off",
        { component: 'circuitBreaker', childId: 'A', flagKey: 'never-created', value: undefined },
      ],
    ]);
  });

  it('count a value a custom source resolves with that is not a boolean as off, naming it', async () => {
    const logger = recordingLogger();
    // A JavaScript source that ignores the contract and resolves the raw value.
    const loose: FlagSource = { evaluate: async () => 'yes' as unknown as boolean };
    const breaker = startBreaker({ flags: loose, logger, children: [{ id: 'A', logic: worker(new Journal()), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(2000);
    expect(breaker.statuses()).toEqual({ A: 'off' });
    expect(logger.at('warn').map((l) => [l.message, l.meta.value])).toEqual([
      ["circuit breaker: flag 'a' is not a boolean ('yes'); child 'A' counts as off", 'yes'],
    ]);
  });

  it('stop a child whose flag turns into a string or a number, warning once per value, and start it when it is a boolean again', async () => {
    const ld = await testDataFixture({ a: true });
    const journal = new Journal();
    const logger = recordingLogger();
    const breaker = startBreaker({ flags: launchDarklyFlags(ld.client), logger, children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    expect(breaker.statuses()).toEqual({ A: 'running' });

    ld.set('a', 'on');
    await jest.advanceTimersByTimeAsync(3000);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: undefined });
    ld.set('a', 1);
    await jest.advanceTimersByTimeAsync(3000);
    ld.set('a', true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A', 'start A']);
    expect(logger.at('warn').map((l) => [l.message, l.meta.flagKey, l.meta.value])).toEqual([
      ["circuit breaker: flag 'a' is not a boolean ('on'); child 'A' counts as off", 'a', 'on'],
      ["circuit breaker: flag 'a' is not a boolean (1); child 'A' counts as off", 'a', 1],
    ]);
    ld.close();
  });
});
