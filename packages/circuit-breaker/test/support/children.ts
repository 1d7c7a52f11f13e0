// Breaker children for tests: workers that drain on shutdown or crash on command, and a journal of both.
import { createMachine } from 'xstate';
import { SHUTDOWN_EVENT } from '@xstate-otp/core';

/** Records what the children did, in order. */
export class Journal {
  readonly entries: string[] = [];
  add(entry: string): void {
    this.entries.push(entry);
  }
}

/**
 * A worker: journals `start <id>`; `crash` makes it throw (running or draining); on otp.shutdown it
 * drains for `drainMs` (on the actor system's clock), journaling `draining <id>`, then ends, journaling
 * `stop <id>`.
 */
export function worker(journal: Journal, drainMs = 100) {
  return createMachine({
    entry: ({ self }) => journal.add(`start ${self.id}`),
    exit: ({ self }) => journal.add(`stop ${self.id}`),
    on: {
      crash: {
        actions: ({ self }) => {
          throw new Error(`${self.id} crashed`);
        },
      },
    },
    initial: 'running',
    states: {
      running: {
        on: { [SHUTDOWN_EVENT]: 'draining' },
      },
      draining: {
        entry: ({ self }) => journal.add(`draining ${self.id}`),
        after: { [drainMs]: 'drained' },
      },
      drained: { type: 'final' },
    },
  });
}

/** A worker that throws as it starts. */
export function crashesAtStart(journal: Journal) {
  return createMachine({
    entry: ({ self }) => {
      journal.add(`start ${self.id}`);
      throw new Error(`${self.id} cannot start`);
    },
  });
}
