// Circuit breaker bench: flag change -> child started/stopped latency (change events vs polling alone, 1,000
// children), and the cost of one check of 10,000 children next to the same 10,000 bare LaunchDarkly evaluations.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { basicLogger, init, type LDClient } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { createActor, createMachine } from 'xstate';
import { percentile, printFigures, wantsJson, type Figures } from '@xstate-otp/bench-kit';
import { SHUTDOWN_EVENT } from '@xstate-otp/core';
import { createCircuitBreaker, launchDarklyFlags, type FlagSource } from '@xstate-otp/circuit-breaker';

const LATENCY_CHILDREN = 1_000;
const EVENT_SAMPLES = 1_000;
const POLL_SAMPLES = 40;
const POLL_INTERVAL_MS = 100;
const CHECK_CHILDREN = 10_000;
const CHECK_ROUNDS = 30;
/** Flips (or check rounds) made before measuring, so the JIT has warmed up. */
const WARM_UP = 5;

/** Resolvers waiting for a child to start or stop, keyed `start <id>` / `stop <id>`. */
const waiting = new Map<string, () => void>();
const signal = (key: string) => {
  waiting.get(key)?.();
  waiting.delete(key);
};
const until = (key: string) => new Promise<void>((resolve) => waiting.set(key, resolve));

const child = createMachine({
  entry: ({ self }) => signal(`start ${self.id}`),
  initial: 'running',
  states: {
    running: { on: { [SHUTDOWN_EVENT]: 'stopped' } },
    stopped: { type: 'final', entry: ({ self }) => signal(`stop ${self.id}`) },
  },
});

/** A LaunchDarkly client on TestData with flags flag-0... all on. */
async function ldClient(flagCount: number): Promise<{ td: TestData; client: LDClient }> {
  const td = new TestData();
  for (let i = 0; i < flagCount; i++) td.update(td.flag(`flag-${i}`).booleanFlag().variationForAll(true));
  const client = init('bench', { updateProcessor: td.getFactory(), sendEvents: false, diagnosticOptOut: true, logger: basicLogger({ level: 'none' }) });
  await client.waitForInitialization({ timeout: 10 });
  return { td, client };
}

const specs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, logic: child, flagKey: `flag-${i}` }));

/** Flips flags of random children off then on, timing each flip until the child has stopped / started. */
async function flipLatencies(samples: number, changeEvents: boolean): Promise<{ start: number[]; stop: number[] }> {
  const { td, client } = await ldClient(LATENCY_CHILDREN);
  const flags = launchDarklyFlags(client, { changeEvents });
  const breaker = createActor(createCircuitBreaker({ flags, checkIntervalMs: changeEvents ? 3_600_000 : POLL_INTERVAL_MS, children: specs(LATENCY_CHILDREN) }));
  const allStarted = until(`start c${LATENCY_CHILDREN - 1}`);
  breaker.start();
  await allStarted;
  const start: number[] = [];
  const stop: number[] = [];
  const flip = async (i: number, on: boolean, into: number[]) => {
    // Polling alone: flip at a random point of the poll cycle, as a person would.
    if (!changeEvents) await delay(Math.random() * POLL_INTERVAL_MS);
    const done = until(`${on ? 'start' : 'stop'} c${i}`);
    const t0 = performance.now();
    td.update(td.flag(`flag-${i}`).booleanFlag().variationForAll(on));
    await done;
    into.push(performance.now() - t0);
  };
  for (let s = -WARM_UP; s < samples; s++) {
    const i = Math.floor(Math.random() * LATENCY_CHILDREN);
    await flip(i, false, s < 0 ? [] : stop);
    await flip(i, true, s < 0 ? [] : start);
  }
  breaker.stop();
  client.close();
  return { start, stop };
}

/** One check of 10,000 unchanged children vs the same evaluations made directly on the SDK, interleaved. */
async function checkCost(): Promise<{ check: number; bare: number }> {
  const { client } = await ldClient(CHECK_CHILDREN);
  const ld = launchDarklyFlags(client, { changeEvents: false });
  let fullCheck: (() => void) | undefined;
  // The same source, plus a hook to ask for a full check (an empty change list) when the bench wants one.
  const flags: FlagSource = {
    evaluate: ld.evaluate,
    subscribe(onChange) {
      fullCheck = () => onChange([]);
      return () => undefined;
    },
  };
  const breaker = createActor(createCircuitBreaker({ flags, checkIntervalMs: 3_600_000, children: specs(CHECK_CHILDREN) }));
  let checked: (() => void) | undefined;
  breaker.on('circuitBreaker.check', () => checked?.());
  const allStarted = until(`start c${CHECK_CHILDREN - 1}`);
  breaker.start();
  await allStarted;
  const contexts = Array.from({ length: CHECK_CHILDREN }, (_, i) => ({ kind: 'service', key: `c${i}` }));
  const checks: number[] = [];
  const bares: number[] = [];
  for (let round = -WARM_UP; round < CHECK_ROUNDS; round++) {
    let t0 = performance.now();
    await Promise.all(contexts.map((context, i) => client.variationDetail(`flag-${i}`, context, null)));
    const bare = performance.now() - t0;
    const done = new Promise<void>((resolve) => (checked = resolve));
    t0 = performance.now();
    fullCheck!();
    await done;
    const check = performance.now() - t0;
    if (round >= 0) {
      bares.push(bare);
      checks.push(check);
    }
  }
  breaker.stop();
  client.close();
  return { check: percentile(checks, 50), bare: percentile(bares, 50) };
}

async function main(): Promise<void> {
  if (!wantsJson()) process.stdout.write('measuring (about 15 s)...\n');
  const events = await flipLatencies(EVENT_SAMPLES, true);
  const polling = await flipLatencies(POLL_SAMPLES, false);
  const cost = await checkCost();
  const figures: Figures = {
    'event start p50 ms': percentile(events.start, 50),
    'event start p99 ms': percentile(events.start, 99),
    'event stop p50 ms': percentile(events.stop, 50),
    'event stop p99 ms': percentile(events.stop, 99),
    [`poll (${POLL_INTERVAL_MS} ms) start p50 ms`]: percentile(polling.start, 50),
    [`poll (${POLL_INTERVAL_MS} ms) start p99 ms`]: percentile(polling.start, 99),
    [`poll (${POLL_INTERVAL_MS} ms) stop p50 ms`]: percentile(polling.stop, 50),
    [`poll (${POLL_INTERVAL_MS} ms) stop p99 ms`]: percentile(polling.stop, 99),
    'check of 10k children ms': cost.check,
    'bare 10k LD evaluations ms': cost.bare,
    'check / bare ratio': cost.check / cost.bare,
  };
  printFigures('breaker', figures);
  if (!wantsJson()) {
    process.stdout.write('  targets: event p99 < 10 ms; check / bare <= 1.5 (polling is bounded by checkIntervalMs)\n');
  }
}

void main();
