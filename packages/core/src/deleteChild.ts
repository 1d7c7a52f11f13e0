// Supervisor.delete_child: forgets a terminated child of a static supervisor.
import type { AnyActorRef } from 'xstate';
import { callSupervisor } from './internal/supervisionOf';

/**
 * Removes the spec of a terminated child from a static supervisor. Rejects with `not_found`, `running`,
 * `restarting`, `not_supported` (dynamic supervisor) or `not_running`.
 *
 * @example
 * ```ts
 * await terminateChild(sup, 'cache');
 * await deleteChild(sup, 'cache');
 * ```
 */
export function deleteChild(sup: AnyActorRef, id: string): Promise<void> {
  return callSupervisor<void>(sup, (s) => s.deleteChild(id));
}
