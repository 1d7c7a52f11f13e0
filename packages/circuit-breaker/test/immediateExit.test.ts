// A child that ends as soon as it starts is off until the next poll: it starts once per poll, never in a loop.
import { createMachine, fromPromise, type AnyActorLogic } from 'xstate';
import { launchDarklyFlags, memoryFlags, type FlagSource } from '@xstate-otp/circuit-breaker';
import { recordingLogger } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { testDataFixture, type LaunchDarklyFixture } from './support/launchDarkly';

// Past this many starts the child crashes (and so stays down): a regression fails the test instead of freezing it.
const SPIN_LIMIT = 50;

function countingStarts() {
  let starts = 0;
  const onStart = () => {
    starts += 1;
    if (starts > SPIN_LIMIT) throw new Error(`started ${starts} times: spinning`);
  };
  return { onStart, starts: () => starts };
}

const logics: Array<[string, (onStart: () => void) => AnyActorLogic]> = [
  ['a promise actor that resolves at once', (onStart) => fromPromise(async () => onStart())],
  ['a machine whose initial state is final', (onStart) => createMachine({ entry: onStart, initial: 'done', states: { done: { type: 'final' } } })],
];

interface Source {
  flags: FlagSource;
  turnOff(): void;
  close(): void;
}
const sources: Array<[string, () => Promise<Source>]> = [
  [
    'memoryFlags',
    async () => {
      const flags = memoryFlags({ a: true });
      return { flags, turnOff: () => flags.set('a', false), close: () => {} };
    },
  ],
  [
    'LaunchDarkly TestData',
    async () => {
      const ld: LaunchDarklyFixture = await testDataFixture({ a: true });
      return { flags: launchDarklyFlags(ld.client), turnOff: () => ld.set('a', false), close: () => ld.close() };
    },
  ],
];

const cases = sources.flatMap(([source, make]) => logics.map(([logic, build]) => [logic, source, make, build] as const));

describe('a child that ends as soon as it starts', () => {
  afterEach(() => jest.useRealTimers());

  it.each(cases)('(%s, on %s) starts again at the next poll, not at once', async (_, __, makeSource, build) => {
    const source = await makeSource(); // the LaunchDarkly client initialises on real timers
    jest.useFakeTimers();
    const counter = countingStarts();
    const logger = recordingLogger();
    const breaker = startBreaker({ flags: source.flags, logger, checkIntervalMs: 1000, children: [{ id: 'A', logic: build(counter.onStart), flagKey: 'a' }] });

    await jest.advanceTimersByTimeAsync(0);
    expect(counter.starts()).toBe(1);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: true, crashes: 0 });
    expect(logger.at('info').map((line) => line.message)).toEqual([
      "circuit breaker: child 'A' started (flag 'a' is on)",
      "circuit breaker: child 'A' exited (normal); its flag decides at the next check",
    ]);

    await jest.advanceTimersByTimeAsync(3000); // three polls, one start each
    expect(counter.starts()).toBe(4);
    expect(breaker.checks).toHaveLength(4); // the polls' checks, and no other
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: true, crashes: 0 });

    source.turnOff();
    await jest.advanceTimersByTimeAsync(3000);
    expect(counter.starts()).toBe(4);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: false, crashes: 0 });
    breaker.actor.stop();
    source.close();
  });
});
