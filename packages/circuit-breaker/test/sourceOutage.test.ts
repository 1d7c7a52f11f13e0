// C5: while the flag source fails or times out nothing starts or stops, with one warning per outage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { launchDarklyFlags, memoryFlags } from '@xstate-otp/circuit-breaker';
import { recordingLogger, waitFor } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { faultyFlags, type Fault } from './support/faultyFlags';
import { offlineOptions } from './support/launchDarkly';

const FAILING = 'circuit breaker: the flag source is failing; every child keeps its state and polling goes on';
const RECOVERED = 'circuit breaker: the flag source answers again';

describe('a flag source outage', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each<[Fault, string]>([
    ['throws', 'flag service down'],
    ['rejects', 'flag service down'],
    ['hangs', 'the flag source did not answer within checkTimeoutMs (2000 ms)'],
  ])('changes nothing while the source %s, warns once per outage and logs the recovery', async (fault, reported) => {
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
    expect(logger.at('warn').map((l) => [l.message, l.meta.error])).toEqual([[FAILING, reported]]);

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
