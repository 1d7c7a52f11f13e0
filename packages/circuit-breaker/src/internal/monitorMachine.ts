// The flag-driven monitor: polls every checkIntervalMs, checks at once on change events, one check at a time.
import { fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { BreakerEngine } from './breakerEngine';

/** The id of the monitor in the breaker's supervisor. */
export const MONITOR_ID = 'monitor';

/**
 * Two regions: `poll` asks for a full check every checkIntervalMs whatever else happens (so change
 * events never starve the poll); `checks` runs one check at a time while any is pending. A check
 * slower than checkTimeoutMs is an outage: the engine abandons it, which ends the `check` actor, so
 * polling goes on (the engine bounds how many abandoned checks a hung source may hold). Timers are
 * xstate delays: fake timers and SimulatedClock drive them.
 */
export const monitorMachine = setup({
  types: {} as { context: { engine: BreakerEngine }; input: BreakerEngine; events: { type: 'monitor.wake' } },
  actors: {
    changes: fromCallback<EventObject, BreakerEngine>(({ input: engine, sendBack }) => engine.attach(() => sendBack({ type: 'monitor.wake' }))),
    check: fromPromise<void, BreakerEngine>(({ input: engine, signal }) => engine.runCheck(signal)),
  },
  delays: {
    checkInterval: ({ context }) => context.engine.checkIntervalMs,
    checkTimeout: ({ context }) => context.engine.checkTimeoutMs,
  },
  guards: {
    pending: ({ context }) => context.engine.hasPending(),
  },
}).createMachine({
  id: MONITOR_ID,
  context: ({ input }) => ({ engine: input }),
  invoke: { src: 'changes', input: ({ context }) => context.engine },
  type: 'parallel',
  states: {
    poll: {
      initial: 'waiting',
      states: {
        waiting: {
          after: { checkInterval: { target: 'waiting', reenter: true, actions: ({ context }) => context.engine.pollDue() } },
        },
      },
    },
    checks: {
      initial: 'idle',
      states: {
        idle: {
          always: { guard: 'pending', target: 'checking' },
          on: { 'monitor.wake': { guard: 'pending', target: 'checking' } },
        },
        checking: {
          invoke: { src: 'check', input: ({ context }) => context.engine, onDone: 'idle' },
          after: { checkTimeout: { actions: ({ context }) => context.engine.checkTimedOut() } },
        },
      },
    },
  },
});
