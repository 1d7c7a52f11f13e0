// How a machine built on supervisors crashes on purpose, so that its own supervisor sees the failure.
import { fromCallback, type EventObject } from 'xstate';

/**
 * Actor logic that errors at once with its input. Invoke it in the state a machine crashes from: the error
 * reaches the machine as an unhandled `xstate.error.actor.<id>`, so the machine ends in status `error` with
 * that error after xstate has stopped its other children. (A throwing action would end it in status `error`
 * too, but leave its invoked actors running.) Supervisors escalate this way.
 *
 * @example
 * ```ts
 * const consumer = setup({ actors: { escalate } }).createMachine({
 *   initial: 'working',
 *   context: { failure: undefined as unknown },
 *   states: {
 *     working: { on: { fatal: { target: 'crashed', actions: assign({ failure: ({ event }) => event.error }) } } },
 *     crashed: { invoke: { src: 'escalate', input: ({ context }) => context.failure } },
 *   },
 * });
 * ```
 */
export const escalate = fromCallback<EventObject, unknown>(({ input }) => {
  throw input;
});
