// `npm run bench -- supervisor`: per-child start cost and memory under one dynamic supervisor next to bare
// createActor, flat as N grows, and restart latency with 10,000 siblings (S8). Figures come from one run.
import { performance } from 'node:perf_hooks';
import { createActor, createMachine, setup, type AnyActorRef } from 'xstate';
import { heapUsed, percentile, printFigures, wantsJson, type Figures } from '@xstate-otp/bench-kit';
import { createDynamicSupervisor, startChild, whichChildren } from '../src';

const logic = createMachine({
  initial: 'running',
  states: {
    running: {
      on: {
        crash: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    },
  },
});

const say = (line: string) => wantsJson() || console.error(line);
const ROUNDS = 3;

function bare(n: number): { us: number; bytes: number; keep: AnyActorRef[] } {
  const before = heapUsed();
  const keep: AnyActorRef[] = new Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) keep[i] = createActor(logic, { id: `c${i}` }).start();
  const us = ((performance.now() - start) * 1000) / n;
  const bytes = (heapUsed() - before) / n;
  for (const ref of keep) ref.stop();
  return { us, bytes, keep };
}

async function supervised(n: number): Promise<{ us: number; bytes: number; sup: AnyActorRef }> {
  const before = heapUsed();
  const sup = createActor(createDynamicSupervisor({ maxRestarts: Infinity })).start();
  const started: Promise<AnyActorRef>[] = new Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) started[i] = startChild(sup, { id: `c${i}`, logic });
  await Promise.all(started);
  const us = ((performance.now() - start) * 1000) / n;
  started.length = 0;
  const bytes = (heapUsed() - before) / n;
  return { us, bytes, sup };
}

/** The baseline of a restart: the same crash under a plain xstate parent that only receives the error event. */
function bareCrashLatency(n: number, samples: number): number[] {
  const parent = createActor(setup({}).createMachine({ on: { 'xstate.error.actor.*': { actions: () => undefined } } })).start();
  const children = Array.from({ length: n }, (_, i) => createActor(logic, { parent, id: `c${i}` }).start());
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    children[Math.floor((i * n) / samples)].send({ type: 'crash' });
    latencies.push((performance.now() - start) * 1000);
  }
  parent.stop();
  return latencies;
}

/** Crash to replacement running: the restart happens within the crash's own send, so that is what is timed. */
function restartLatency(sup: AnyActorRef, samples: number): number[] {
  const children = whichChildren(sup);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    // Distinct children spread over the whole supervisor, each crashed once.
    const { id, ref } = children[Math.floor((i * children.length) / samples)];
    const start = performance.now();
    ref!.send({ type: 'crash' });
    latencies.push((performance.now() - start) * 1000);
    if (childStatus(sup, id) !== 'running') throw new Error(`child ${id} was not restarted`);
  }
  return latencies;
}

function childStatus(sup: AnyActorRef, id: string): string | undefined {
  return (sup.getSnapshot().context as { supervision: { statusOf(id: string): string | undefined } }).supervision.statusOf(id);
}

async function main() {
  const figures: Figures = {};
  // Warm up the JIT on both paths before measuring.
  bare(2000);
  (await supervised(2000)).sup.stop();

  for (const n of [1_000, 10_000, 100_000]) {
    const label = `${n / 1000}k`;
    say(`measuring N=${label}...`);
    // Rounds alternate the two sides so that machine noise hits both; the median round counts.
    const bares: number[] = [];
    const sups: number[] = [];
    let bareBytes = 0;
    let supBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const b = bare(n);
      bares.push(b.us);
      bareBytes = b.bytes;
      const s = await supervised(n);
      sups.push(s.us);
      supBytes = s.bytes;
      if (n === 10_000 && round === 0) {
        const crashes = bareCrashLatency(n, 2000);
        const latencies = restartLatency(s.sup, 2000);
        figures['bare crash p50 us, plain parent (10k siblings)'] = percentile(crashes, 50);
        figures['restart p50 us (10k siblings)'] = percentile(latencies, 50);
        figures['restart p99 us (10k siblings)'] = percentile(latencies, 99);
        figures['restart p50 minus bare crash p50 us'] = percentile(latencies, 50) - percentile(crashes, 50);
      }
      s.sup.stop();
    }
    const bareUs = percentile(bares, 50);
    const supUs = percentile(sups, 50);
    figures[`bare createActor us/actor (${label})`] = bareUs;
    figures[`startChild us/child (${label})`] = supUs;
    figures[`start ratio vs bare (${label})`] = supUs / bareUs;
    figures[`bare bytes/actor (${label})`] = bareBytes;
    figures[`supervised bytes/child (${label})`] = supBytes;
    figures[`extra bytes/child vs bare (${label})`] = supBytes - bareBytes;
  }
  figures['flatness: us/child 100k / 1k'] = figures['startChild us/child (100k)'] / figures['startChild us/child (1k)'];
  printFigures('supervisor', figures);
}

void main();
