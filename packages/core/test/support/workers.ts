// Test children: workers that crash, finish or quit on command, and a journal of starts and stops.
import { createActor, createMachine, fromCallback, SimulatedClock, type AnyActorLogic, type AnyActorRef } from 'xstate';
import { SHUTDOWN_EVENT, SHUTDOWN_EXIT, whichChildren } from '../../src';

/** Records what happened, in order, across every child of a test. */
export class Journal {
  readonly entries: string[] = [];
  add(entry: string): void {
    this.entries.push(entry);
  }
  clear(): void {
    this.entries.length = 0;
  }
}

/**
 * A worker machine: `crash` makes it throw, `finish` ends it normally, `quit` ends it with reason shutdown.
 * With `drainMs` it handles otp.shutdown by draining for that long (on the actor system's clock) first.
 */
export function worker(journal?: Journal, drainMs?: number) {
  return createMachine({
    types: {} as { context: { name: string } },
    context: ({ input, self }) => ({ name: (input as { name?: string } | undefined)?.name ?? self.id }),
    entry: ({ context }) => journal?.add(`start ${context.name}`),
    exit: ({ context }) => journal?.add(`exit ${context.name}`),
    // A machine's output is its root output; pass the final state's output through.
    output: ({ event }) => (event as { output?: unknown }).output,
    initial: 'running',
    states: {
      running: {
        on: {
          crash: {
            actions: ({ context }) => {
              throw new Error(`${context.name} crashed`);
            },
          },
          finish: 'finished',
          quit: 'quit',
          ...(drainMs === undefined ? {} : { [SHUTDOWN_EVENT]: 'draining' }),
        },
      },
      draining: {
        entry: ({ context }) => journal?.add(`draining ${context.name}`),
        after: { [drainMs ?? 0]: 'finished' },
      },
      finished: { type: 'final', output: 'finished' },
      quit: { type: 'final', output: SHUTDOWN_EXIT },
    },
  });
}

/** A callback child that journals its start and its cleanup (stop). */
export function journaled(journal: Journal, name: string): AnyActorLogic {
  return fromCallback(() => {
    journal.add(`start ${name}`);
    return () => journal.add(`stop ${name}`);
  });
}

/** A callback child that throws as it starts. */
export const failsToStart = fromCallback(() => {
  throw new Error('cannot start');
});

/** The current actor of a supervisor's child. */
export function childRef(sup: AnyActorRef, id: string): AnyActorRef {
  const ref = whichChildren(sup).find((c) => c.id === id)?.ref;
  if (!ref) throw new Error(`no running child ${id}`);
  return ref;
}

/** A supervisor actor on a simulated clock. */
export function startOnClock(logic: AnyActorLogic, clock = new SimulatedClock()) {
  const actor = createActor(logic, { clock, id: 'sup' });
  // A supervisor that escalates has no parent here; the error is the test's to read, not the process's.
  actor.subscribe({ error: () => undefined });
  actor.start();
  return { actor, clock };
}

/** Lets pending promise callbacks run (graceful shutdown steps chain on promises). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

