// A tour of @xstate-otp/core in one run: a worker that keeps crashing is restarted, a nested supervisor that
// crashes too often escalates to its parent, and Ctrl-C (or the end of the tour) stops the tree in order.
import { createActor, createMachine, fromCallback } from 'xstate';
import {
  SHUTDOWN_EVENT,
  createSupervisor,
  stopSupervisor,
  whichChildren,
  type Logger,
} from '@xstate-otp/core';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)}  ${line}`);

/** The app configures logging, the library only uses it: a console logger in winston's shape. */
const logger: Logger = {
  error: (message, meta) => log(`ERROR ${message}: ${why(meta?.reason)}`),
  warn: (message) => log(`WARN  ${message}`),
  info: (message, meta) => log(`INFO  ${message}${meta?.reason ? `: ${why(meta.reason)}` : ''}`),
  debug: () => undefined,
};

function why(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return reason.message;
  const exit = reason as { kind?: string; error?: unknown } | undefined;
  return exit?.kind === 'error' ? why(exit.error) : String(exit?.kind ?? reason);
}

/** A worker that counts ticks, crashes when told, and drains for 300 ms when asked to shut down. */
const ticker = createMachine({
  id: 'ticker',
  initial: 'ticking',
  states: {
    ticking: {
      on: {
        crash: {
          actions: ({ self }) => {
            throw new Error(`${self.id} hit a poison record`);
          },
        },
        [SHUTDOWN_EVENT]: 'draining',
      },
    },
    draining: {
      entry: ({ self }) => log(`${self.id}: draining before it stops`),
      after: { 300: 'stopped' },
    },
    stopped: { type: 'final' },
  },
});

/** A worker with a resource to release: its cleanup runs when it is stopped. */
const connection = fromCallback(({ self }) => {
  log(`${self.id}: connected`);
  return () => log(`${self.id}: disconnected`);
});

const app = createActor(
  createSupervisor({
    strategy: 'one_for_one',
    maxRestarts: 3,
    logger,
    periodMs: 5000,
    children: [
      { id: 'db', logic: connection },
      {
        id: 'consumers',
        logic: createSupervisor({
          strategy: 'one_for_all',
          maxRestarts: 1,
          logger,
          periodMs: 60_000,
          children: [
            { id: 'shard-0', logic: ticker, shutdown: 1000 },
            { id: 'shard-1', logic: ticker, shutdown: 1000 },
          ],
        }),
      },
    ],
  }),
  { id: 'app' },
);

app.subscribe({ error: (err) => log(`app crashed: ${(err as Error).message}`) });
app.start();

const consumers = () => whichChildren(app).find((c) => c.id === 'consumers')!.ref!;
const crash = (id: string) => {
  log(`>>> crashing ${id}`);
  whichChildren(consumers()).find((c) => c.id === id)!.ref!.send({ type: 'crash' });
};
const show = () =>
  log(`tree: ${whichChildren(app).map((c) => `${c.id}(${c.status})`).join(' ')} / consumers: ${whichChildren(consumers()).map((c) => `${c.id}(${c.status})`).join(' ')}`);

const steps: Array<() => void> = [
  show,
  () => crash('shard-1'), // one_for_all: both shards restart, once allowed within the minute
  show,
  () => crash('shard-0'), // the second crash is past the intensity: 'consumers' gives up and escalates
  show, //                   'app' restarts 'consumers' (permanent) and counts it against its own intensity
];

let stopping = false;
async function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  log(`>>> ${reason}: stopping the tree in reverse start order`);
  await stopSupervisor(app, reason);
  log(`app is ${app.getSnapshot().status}`);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

void (async () => {
  for (const step of steps) {
    step();
    await new Promise((r) => setTimeout(r, 400));
  }
  await shutdown('tour over');
})();
