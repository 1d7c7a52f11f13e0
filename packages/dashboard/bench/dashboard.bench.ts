// `npm run bench -- dashboard`: what the dashboard costs the app it watches. Supervisor restart latency (crash
// to replacement running, which happens within the crash's own send) with no inspection, with a no-op inspect
// (xstate's own cost of inspection), with the dashboard attached, and with the dashboard pushing to a connected
// page; then how long a crash takes to reach the page. Same process, same N, configurations interleaved.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay, setImmediate as yieldToLoop } from 'node:timers/promises';
import { createActor, type AnyActorRef, type InspectionEvent } from 'xstate';
import { percentile, printFigures, wantsJson, type Figures } from '@xstate-otp/bench-kit';
import { createSupervisor, whichChildren } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type Dashboard } from '../src';
import { connectEventStream, type EventStreamClient } from '../test/support/eventStreamClient';
import { worker } from '../test/support/workers';

const CHILDREN = 10;
const RESTARTS_PER_ROUND = 2000;
const ROUNDS = 5;
/** Restarts between two yields to the event loop, so that the dashboard's pushes run while the app works. */
const CHUNK = 50;
const PUSH_TRIALS = 40;

type Config = 'none' | 'noop inspect' | 'dashboard' | 'dashboard + page';
const CONFIGS: readonly Config[] = ['none', 'noop inspect', 'dashboard', 'dashboard + page'];

const say = (line: string) => wantsJson() || console.error(line);

let apps = 0;

/** A new root each time: a root with the id of an earlier one would be that one restarted, on the dashboard. */
function startApp(inspect?: (event: InspectionEvent) => void): AnyActorRef {
  return createActor(
    createSupervisor({ maxRestarts: Infinity, children: Array.from({ length: CHILDREN }, (_, i) => ({ id: `w${i}`, logic: worker })) }),
    { id: `app${++apps}`, inspect },
  ).start();
}

/** Crash to replacement running, in microseconds, for `n` restarts spread over the children. */
async function restartLatencies(app: AnyActorRef, n: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const ref = whichChildren(app)[i % CHILDREN].ref!;
    const start = performance.now();
    ref.send({ type: 'crash' });
    latencies.push((performance.now() - start) * 1000);
    if (i % CHUNK === CHUNK - 1) await yieldToLoop();
  }
  if (whichChildren(app).some((c) => c.status !== 'running')) throw new Error('a child was not restarted');
  return latencies;
}

async function round(config: Config, n: number, dashboard: Dashboard): Promise<number[]> {
  let stream: EventStreamClient | undefined;
  const inspect = config === 'none' ? undefined : config === 'noop inspect' ? () => undefined : dashboard.inspect;
  const app = startApp(inspect);
  if (config === 'dashboard + page') {
    stream = await connectEventStream(dashboard.url);
    await waitFor('the full view', () => stream!.views('state').length > 0);
  }
  const latencies = await restartLatencies(app, n);
  if (stream) {
    // The pushes really happened: the page saw the last restart's crash count.
    await waitFor('the last push', () => stream!.views('update').some((v) => v.actors.some((a) => a.id === 'w9' && a.crashes === n / CHILDREN)));
    stream.close();
  }
  app.stop();
  return latencies;
}

/** Crash to the page's update that shows it, in milliseconds. */
async function pushLatencies(dashboard: Dashboard): Promise<number[]> {
  const app = startApp(dashboard.inspect);
  const stream = await connectEventStream(dashboard.url);
  await waitFor('the full view', () => stream.views('state').length > 0);
  const latencies: number[] = [];
  for (let i = 1; i <= PUSH_TRIALS; i++) {
    const shown = () => stream.views('update').some((v) => v.actors.some((a) => a.id === 'w0' && a.crashes === i));
    // The client's own listener parses each chunk first; this one, added after it, notes when the update is in.
    const arrived = new Promise<number>((resolve) => {
      const onData = () => {
        if (!shown()) return;
        stream.response.off('data', onData);
        resolve(performance.now());
      };
      stream.response.on('data', onData);
    });
    const start = performance.now();
    whichChildren(app)[0].ref!.send({ type: 'crash' });
    latencies.push((await arrived) - start);
    // Each crash alone in its throttle window, as a lone change in a quiet app would be.
    await delay(300);
  }
  stream.close();
  app.stop();
  return latencies;
}

async function main(): Promise<void> {
  const dashboard = await serveDashboard();
  const samples = new Map<Config, number[]>(CONFIGS.map((c) => [c, []]));
  say(`restart latency: ${CHILDREN} children, ${ROUNDS} rounds x ${RESTARTS_PER_ROUND} restarts per configuration, interleaved`);
  // A first round of each, discarded: the JIT warms up on the same code paths.
  for (const config of CONFIGS) await round(config, RESTARTS_PER_ROUND / 4, dashboard);
  for (let r = 0; r < ROUNDS; r++) {
    for (const config of CONFIGS) samples.get(config)!.push(...(await round(config, RESTARTS_PER_ROUND, dashboard)));
  }
  say(`push latency: ${PUSH_TRIALS} crashes, each alone in its throttle window`);
  const pushes = await pushLatencies(dashboard);
  await dashboard.close();

  const figures: Figures = {};
  const p = (config: Config, q: number) => percentile(samples.get(config)!, q);
  for (const config of CONFIGS) {
    figures[`restart us p50 (${config})`] = p(config, 50);
    figures[`restart us p99 (${config})`] = p(config, 99);
  }
  figures['ratio p50 dashboard / none'] = p('dashboard', 50) / p('none', 50);
  figures['ratio p99 dashboard / none'] = p('dashboard', 99) / p('none', 99);
  figures['ratio p50 dashboard + page / none'] = p('dashboard + page', 50) / p('none', 50);
  figures['ratio p99 dashboard + page / none'] = p('dashboard + page', 99) / p('none', 99);
  figures['ratio p50 dashboard / noop inspect'] = p('dashboard', 50) / p('noop inspect', 50);
  figures['push ms p50'] = percentile(pushes, 50);
  figures['push ms p99'] = percentile(pushes, 99);
  figures['push ms max'] = Math.max(...pushes);
  printFigures('dashboard', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
