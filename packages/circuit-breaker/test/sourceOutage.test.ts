// C5: while the flag source fails or times out nothing starts or stops, with one warning per outage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { stopSupervisor } from '@xstate-otp/core';
import { addChild, launchDarklyFlags, memoryFlags, type FlagSource } from '@xstate-otp/circuit-breaker';
import { recordingLogger, waitFor } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { faultyFlags, type Fault } from './support/faultyFlags';
import { offlineOptions } from './support/launchDarkly';

const FAILING = 'circuit breaker: the flag source is failing; every child keeps its state and polling goes on';
const RECOVERED = 'circuit breaker: the flag source answers again';
const SKIPPING = 'circuit breaker: the flag source has not answered two checks; polls are skipped until it answers one';

describe('a flag source outage', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  // A source that hangs for good leaves two abandoned checks after two timeouts: the polls after them are skipped.
  it.each<[Fault, Array<[string, unknown]>]>([
    ['throws', [[FAILING, 'flag service down']]],
    ['rejects', [[FAILING, 'flag service down']]],
    ['hangs', [[FAILING, 'the flag source did not answer within checkTimeoutMs (2000 ms)'], [SKIPPING, undefined]]],
  ])('changes nothing while the source %s, warns once per outage and logs the recovery', async (fault, warnings) => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true, b: false });
    const faults = faultyFlags(flags);
    const logger = recordingLogger();
    const breaker = startBreaker({
      flags: faults.source,
      logger,
      checkIntervalMs: 1000,
      checkTimeoutMs: 2000,
      children: [
        { id: 'A', logic: worker(journal, 0), flagKey: 'a' },
        { id: 'B', logic: worker(journal, 0), flagKey: 'b' },
      ],
    });
    await jest.advanceTimersByTimeAsync(0);

    faults.fail(fault);
    flags.set('a', false);
    flags.set('b', true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(journal.entries).toEqual(['start A']);
    expect(breaker.statuses()).toEqual({ A: 'running', B: 'off' });
    expect(logger.at('warn').map((l) => [l.message, l.meta.error])).toEqual(warnings);

    faults.heal();
    await jest.advanceTimersByTimeAsync(1500); // the next poll (B starts while A drains), and A's drain
    expect(journal.entries).toEqual(['start A', 'draining A', 'start B', 'stop A']);
    expect(breaker.statuses()).toEqual({ A: 'off', B: 'running' });
    expect(logger.at('info', RECOVERED)).toHaveLength(1);

    faults.fail(fault);
    await jest.advanceTimersByTimeAsync(5000);
    expect(logger.at('warn', FAILING)).toHaveLength(2); // a second outage, a second warning
    faults.heal();
    await jest.advanceTimersByTimeAsync(1000);
    expect(logger.at('info', RECOVERED)).toHaveLength(2);
  });

  it('starts, emits and logs nothing once the breaker has stopped, even if a hung check answers then', async () => {
    const journal = new Journal();
    const logger = recordingLogger();
    const faults = faultyFlags(memoryFlags({ a: true }));
    faults.fail('rejects');
    const breaker = startBreaker({ flags: faults.source, logger, children: [{ id: 'A', logic: worker(journal), flagKey: 'a' }] });
    await jest.advanceTimersByTimeAsync(0);
    faults.fail('hangs');
    await jest.advanceTimersByTimeAsync(1000);
    breaker.actor.stop();
    faults.heal(); // the hung check answers: the source is back, but nobody is listening any more
    await jest.advanceTimersByTimeAsync(2000);
    expect(journal.entries).toEqual([]);
    expect(breaker.checks).toEqual([{ running: 0, off: 1, crashed: 0 }]);
    expect(logger.lines.map((l) => l.message)).toEqual([FAILING]);
  });
});

/** A real source, one of whose evaluations (the next one, once asked) hangs until the test answers it. */
function hangingOnce(inner: FlagSource) {
  let hangNext = false;
  let answer: ((value: boolean) => void) | undefined;
  const source: FlagSource = {
    evaluate(flagKey, context) {
      if (!hangNext) return inner.evaluate(flagKey, context);
      hangNext = false;
      return new Promise((resolve) => (answer = resolve));
    },
    subscribe: inner.subscribe,
  };
  return { source, hangNext: () => (hangNext = true), answerLate: (value: boolean) => answer!(value) };
}

/** Counts the evaluations a breaker asks of `inner`. */
function counting(inner: FlagSource) {
  let asked = 0;
  const source: FlagSource = {
    evaluate(flagKey, context) {
      asked += 1;
      return inner.evaluate(flagKey, context);
    },
    subscribe: inner.subscribe,
  };
  return { source, asked: () => asked };
}

describe('a flag evaluation that never answers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is abandoned after checkTimeoutMs: polling goes on, and its late answer is ignored', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const hanging = hangingOnce(flags);
    const logger = recordingLogger();
    const breaker = startBreaker({
      flags: hanging.source,
      logger,
      checkIntervalMs: 1000,
      checkTimeoutMs: 2000,
      children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }],
    });
    await jest.advanceTimersByTimeAsync(0);
    hanging.hangNext();
    await jest.advanceTimersByTimeAsync(1000); // the poll's check asks, and gets no answer
    flags.set('a', false); // the incident: waits behind the hung check...
    await jest.advanceTimersByTimeAsync(1999);
    expect(journal.entries).toEqual(['start A']);
    expect(breaker.checks).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(1); // ...until checkTimeoutMs abandons it, and the change is checked at once
    expect(journal.entries).toEqual(['start A', 'draining A']);
    expect(breaker.child('A')).toMatchObject({ status: 'running', enabled: false });
    expect(logger.at('warn').map((l) => [l.message, l.meta.error])).toEqual([[FAILING, 'the flag source did not answer within checkTimeoutMs (2000 ms)']]);
    expect(logger.at('info', RECOVERED)).toHaveLength(1);

    const lines = logger.lines.length;
    const checks = breaker.checks.length;
    hanging.answerLate(true); // a stale 'on': ignored
    await jest.advanceTimersByTimeAsync(5000);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']);
    expect(breaker.child('A')).toMatchObject({ status: 'off', enabled: false });
    expect(breaker.checks.length - checks).toBe(5); // one per poll
    expect(logger.lines.slice(lines).map((l) => l.message)).toEqual(["circuit breaker: child 'A' stopped"]);

    await addChild(breaker.actor, { id: 'B', logic: worker(journal, 0), flagKey: 'a' });
    expect(breaker.child('B')).toMatchObject({ status: 'off', enabled: false });
    const stopped = stopSupervisor(breaker.actor);
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
    expect(breaker.actor.getSnapshot().status).toBe('done');
  });

  it('holds at most one abandoned check: while a second would be needed, polls are skipped, said once, until the source answers', async () => {
    const journal = new Journal();
    const flags = memoryFlags({ a: true });
    const faults = faultyFlags(flags);
    const counted = counting(faults.source);
    const logger = recordingLogger();
    const breaker = startBreaker({
      flags: counted.source,
      logger,
      checkIntervalMs: 1000,
      checkTimeoutMs: 2000,
      children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }],
    });
    await jest.advanceTimersByTimeAsync(0);
    expect(counted.asked()).toBe(1);

    faults.fail('hangs'); // for good, until healed
    await jest.advanceTimersByTimeAsync(60_000);
    expect(counted.asked()).toBe(3); // the check that timed out and was abandoned, the next one that timed out too; then none
    // The first check, the two that timed out (each holding the polls while it waited), then every poll from
    // the second timeout on: skipped, each counts as a failed check.
    expect(breaker.checks).toHaveLength(59);
    expect(logger.at('warn').map((l) => [l.message, l.meta])).toEqual([
      [FAILING, expect.objectContaining({ error: 'the flag source did not answer within checkTimeoutMs (2000 ms)' })],
      [SKIPPING, { component: 'circuitBreaker', checkTimeoutMs: 2000 }],
    ]);

    flags.set('a', false); // a change event while polls are skipped: nothing changes...
    await addChild(breaker.actor, { id: 'B', logic: worker(journal, 0), flagKey: 'a' }); // ...and addChild still settles
    expect(counted.asked()).toBe(3);
    expect(journal.entries).toEqual(['start A']);
    expect(breaker.statuses()).toEqual({ A: 'running', B: 'off' });

    faults.heal(); // the abandoned checks answer (ignored), and the next poll asks again
    await jest.advanceTimersByTimeAsync(1001); // that poll, and A's drain
    expect(counted.asked()).toBe(5);
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A']);
    expect(breaker.statuses()).toEqual({ A: 'off', B: 'off' });
    expect(logger.at('info', RECOVERED)).toHaveLength(1);
    expect(logger.at('warn')).toHaveLength(2);
  });
});

describe('a LaunchDarkly client that is not initialised', () => {
  it('is an outage: nothing starts and one warning names CLIENT_NOT_READY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xstate-otp-flags-'));
    const files = new FileDataSourceFactory({ paths: [join(dir, 'absent.json')] });
    const client = init('never-ready', { ...offlineOptions, updateProcessor: files.getFactory() });
    await expect(client.waitForInitialization({ timeout: 5 })).rejects.toThrow();
    const journal = new Journal();
    const logger = recordingLogger();
    const breaker = startBreaker({ flags: launchDarklyFlags(client), logger, checkIntervalMs: 20, children: [{ id: 'A', logic: worker(journal), flagKey: 'a' }] });
    await waitFor('five checks', () => breaker.checks.length >= 5, { timeoutMs: 2000 });
    expect(journal.entries).toEqual([]);
    expect(breaker.checks.at(-1)).toEqual({ running: 0, off: 1, crashed: 0 });
    expect(logger.at('warn').map((l) => [l.message, l.meta.error])).toEqual([
      [FAILING, 'flag "a" could not be evaluated: LaunchDarkly CLIENT_NOT_READY'],
    ]);
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
