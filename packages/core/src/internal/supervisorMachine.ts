// The xstate machine that every supervisor is: a thin shell that traps its children's exits and hands them,
// and the calls made on it, to its Supervision engine, so the inspector sees supervisors like any actor.
import { fromCallback, setup, type EventObject } from 'xstate';
import type { SupervisorReportEvent } from '../report';
import { escalate } from '../escalate';
import { SHUTDOWN_EVENT, type ShutdownEvent } from '../shutdown';
import { Supervision, type SupervisionConfig } from './supervision';
import { asSupervisor } from '../asSupervisor';

/**
 * The context of a supervisor machine: its engine (mutated in place so a start stays O(1)).
 *
 * @example
 * ```ts
 * const context: SupervisorContext = sup.getSnapshot().context; // read it with whichChildren(sup) instead
 * ```
 */
export interface SupervisorContext {
  supervision: Supervision;
}

/**
 * The events a supervisor handles: its children's exits, `otp.shutdown`, and its own `supervisor.shutdown` and
 * `supervisor.terminated`. Calls such as {@link startChild} go straight to its engine, which serialises them
 * like a mailbox, so that a start costs no transition.
 *
 * @example
 * ```ts
 * const stop: SupervisorEvent = { type: 'otp.shutdown', reason: 'deploy' };
 * ```
 */
export type SupervisorEvent =
  | ShutdownEvent
  | { type: 'supervisor.shutdown' }
  | { type: 'supervisor.terminated' }
  | { type: `xstate.error.actor.${string}`; error: unknown }
  | { type: `xstate.done.actor.${string}`; output: unknown };

const ERROR_PREFIX = 'xstate.error.actor.';
const DONE_PREFIX = 'xstate.done.actor.';

function childIdOf(event: EventObject): string {
  return event.type.slice(event.type.startsWith(ERROR_PREFIX) ? ERROR_PREFIX.length : DONE_PREFIX.length);
}

export function createSupervisorMachine(config: SupervisionConfig) {
  const machine = setup({
    types: {} as { context: SupervisorContext; events: SupervisorEvent; emitted: SupervisorReportEvent },
    actors: {
      // Children made with createActor({ parent }) are not stopped by xstate with their parent: this hook is.
      stopHook: fromCallback<EventObject, Supervision>(({ input }) => () => input.kill()),
      escalate,
    },
  }).createMachine({
    // One id for both kinds, so that the targets below (#supervisor.failed) resolve.
    id: 'supervisor',
    context: ({ self }) => ({ supervision: new Supervision(self, config) }),
    initial: 'alive',
    states: {
      alive: {
        // Leaving 'alive' by any way (final, failed, or xstate stopping the machine) stops the hook.
        invoke: { id: 'otp.stopHook', src: 'stopHook', input: ({ context }) => context.supervision },
        // Trapped exits: no child's exit reaches xstate's default (the parent erroring with it).
        on: {
          'xstate.error.actor.*': { actions: ({ context, event }) => context.supervision.childExited(childIdOf(event)) },
          'xstate.done.actor.*': { actions: ({ context, event }) => context.supervision.childExited(childIdOf(event)) },
        },
        initial: 'running',
        states: {
          running: {
            entry: ({ context }) => context.supervision.init(),
            on: { [SHUTDOWN_EVENT]: 'shuttingDown', 'supervisor.shutdown': 'shuttingDown' },
          },
          shuttingDown: {
            entry: ({ context, event }) => context.supervision.shutdown(event.type === SHUTDOWN_EVENT ? event.reason : undefined),
            on: {
              'supervisor.terminated': [
                { guard: ({ context }) => context.supervision.failure !== undefined, target: '#supervisor.failed' },
                { target: '#supervisor.stopped' },
              ],
            },
          },
        },
      },
      failed: {
        // Ending in status error is how a supervisor escalates: its parent sees it crash.
        invoke: { id: 'otp.escalate', src: 'escalate', input: ({ context }: { context: SupervisorContext }) => context.supervision.failure },
      },
      stopped: { type: 'final' },
    },
  });
  return asSupervisor(machine);
}

/**
 * The logic of a supervisor or dynamic supervisor: pass it to createActor, or use it as a child's logic.
 *
 * @example
 * ```ts
 * const pool: SupervisorLogic = createDynamicSupervisor();
 * const app = createActor(createSupervisor({ children: [{ id: 'pool', logic: pool }] })).start();
 * ```
 */
export type SupervisorLogic = ReturnType<typeof createSupervisorMachine>;
