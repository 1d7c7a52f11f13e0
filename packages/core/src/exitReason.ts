// Why an actor stopped, in OTP's three families: normal, shutdown and error.
import type { AnyActorRef } from 'xstate';

/**
 * Why an actor exited, as a supervisor and {@link monitor} see it.
 * - `normal`: it reached a final state or its promise resolved (`output` is its output);
 * - `shutdown`: it was stopped, by its supervisor or on request, or it ended with {@link SHUTDOWN_EXIT};
 * - `error`: it crashed (threw, rejected or errored).
 *
 * @example
 * ```ts
 * monitor(ref, (reason: ExitReason) => {
 *   if (reason.kind === 'error') console.error('crashed', reason.error);
 * });
 * ```
 */
export type ExitReason =
  | { kind: 'normal'; output?: unknown }
  | { kind: 'shutdown' }
  | { kind: 'error'; error: unknown };

/**
 * The output with which an actor ends with reason `shutdown` rather than `normal`, as OTP's `exit(shutdown)`:
 * a transient child that ends so is not restarted, a permanent one is.
 *
 * @example
 * ```ts
 * const worker = createMachine({
 *   initial: 'working',
 *   states: {
 *     working: { on: { drained: 'gone' } },
 *     gone: { type: 'final' },
 *   },
 *   output: SHUTDOWN_EXIT, // a machine's output is its root `output`
 * });
 * ```
 */
export const SHUTDOWN_EXIT = Object.freeze({ exit: 'shutdown' as const });

function isShutdownExit(output: unknown): boolean {
  return typeof output === 'object' && output !== null && (output as { exit?: unknown }).exit === 'shutdown';
}

/** The exit reason of an actor that has exited, or undefined while it still runs. */
export function exitReasonOf(ref: AnyActorRef): ExitReason | undefined {
  const snapshot = ref.getSnapshot() as { status: string; error?: unknown; output?: unknown };
  switch (snapshot.status) {
    case 'active':
      return undefined;
    case 'error':
      return { kind: 'error', error: snapshot.error };
    case 'done':
      return isShutdownExit(snapshot.output) ? { kind: 'shutdown' } : { kind: 'normal', output: snapshot.output };
    default:
      return { kind: 'shutdown' };
  }
}
