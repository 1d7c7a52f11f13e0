// Graceful stop of a whole supervision tree: children in reverse start order, each with its shutdown.
import type { AnyActorRef, EventObject } from 'xstate';
import { SupervisorError } from './errors';
import { formatValue } from './formatValue';
import { Supervision } from './internal/supervision';
import { SHUTDOWN_EVENT } from './shutdown';

/** A supervisor, or any actor built on one that stops gracefully on otp.shutdown (a circuit breaker, a Kinesis consumer). */
function stopsGracefully(ref: AnyActorRef): boolean {
  const snapshot = ref.getSnapshot() as { context?: { supervision?: unknown }; can?: (e: EventObject) => boolean };
  return snapshot.context?.supervision instanceof Supervision || snapshot.can?.({ type: SHUTDOWN_EVENT }) === true;
}

/**
 * Stops a supervisor gracefully: its children stop in reverse start order, each per its `shutdown`
 * (nested supervisors stop their own children first), then the supervisor reaches its final state.
 * Any actor built on supervisors that handles `otp.shutdown` (a circuit breaker, a Kinesis consumer) stops
 * the same way; another actor rejects with `not_a_supervisor`.
 * Resolves when it has stopped (at once when it already had). `reason` is logged at info level.
 * Use this rather than `actor.stop()`, which stops every child at once without waiting.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', async () => {
 *   await stopSupervisor(app, 'SIGTERM');
 *   process.exit(0);
 * });
 * ```
 */
export function stopSupervisor(sup: AnyActorRef, reason?: unknown): Promise<void> {
  const notASupervisor = () =>
    Promise.reject(
      new SupervisorError('not_a_supervisor', `expected a supervisor actor (or one that handles ${SHUTDOWN_EVENT}), got ${formatValue(sup?.id ?? sup)}`),
    );
  if (typeof sup?.getSnapshot !== 'function' || typeof sup.subscribe !== 'function') return notASupervisor();
  if (sup.getSnapshot().status !== 'active') return Promise.resolve();
  if (!stopsGracefully(sup)) return notASupervisor();
  return new Promise((resolve) => {
    const subscription = sup.subscribe({
      complete: () => {
        subscription.unsubscribe();
        resolve();
      },
      error: () => {
        subscription.unsubscribe();
        resolve();
      },
    });
    sup.send({ type: SHUTDOWN_EVENT, reason });
  });
}
