// erlang:monitor/2 for xstate actors: one report of how an actor exited.
import type { AnyActorRef } from 'xstate';
import { SupervisorError } from './errors';
import { exitReasonOf, type ExitReason } from './exitReason';
import { formatValue } from './formatValue';

/**
 * Calls `onDown` exactly once when `ref` exits: `{ kind: 'normal', output }` when it reached a final state
 * or resolved, `{ kind: 'shutdown' }` when it was stopped, `{ kind: 'error', error }` when it crashed.
 * An actor that has already exited is reported at once (as OTP's `noproc` DOWN). Returns the demonitor
 * function; after it, nothing is reported.
 *
 * @example
 * ```ts
 * const demonitor = monitor(ref, (reason) => {
 *   if (reason.kind === 'error') logger.error('worker crashed', { error: reason.error });
 * });
 * // later, when no longer interested:
 * demonitor();
 * ```
 */
export function monitor(ref: AnyActorRef, onDown: (reason: ExitReason) => void): () => void {
  if (typeof ref?.subscribe !== 'function' || typeof ref.getSnapshot !== 'function') {
    throw new SupervisorError('invalid_option', `monitor: ref must be an actor, got ${formatValue(ref)}`);
  }
  if (typeof onDown !== 'function') throw new SupervisorError('invalid_option', `monitor: onDown must be a function, got ${formatValue(onDown)}`);
  let down = false;
  const report = (reason: ExitReason) => {
    if (down) return;
    down = true;
    subscription?.unsubscribe();
    onDown(reason);
  };
  let subscription: { unsubscribe(): void } | undefined;
  subscription = ref.subscribe({
    complete: () => report(exitReasonOf(ref) ?? { kind: 'shutdown' }),
    error: (error: unknown) => report({ kind: 'error', error }),
  });
  // xstate calls no observer of an actor that was already stopped (rather than done or errored).
  if ((ref.getSnapshot() as { status: string }).status === 'stopped') report({ kind: 'shutdown' });
  return () => {
    down = true;
    subscription?.unsubscribe();
  };
}
