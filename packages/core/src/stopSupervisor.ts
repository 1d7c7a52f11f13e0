// Graceful stop of a whole supervision tree: children in reverse start order, each with its shutdown.
import type { AnyActorRef } from 'xstate';
import { supervisionOf } from './internal/supervisionOf';
import { SHUTDOWN_EVENT } from './shutdown';

/**
 * Stops a supervisor gracefully: its children stop in reverse start order, each per its `shutdown`
 * (nested supervisors stop their own children first), then the supervisor reaches its final state.
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
  try {
    supervisionOf(sup);
  } catch (err) {
    return Promise.reject(err);
  }
  if (sup.getSnapshot().status !== 'active') return Promise.resolve();
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
