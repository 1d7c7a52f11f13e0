// Supervisor.restart_child: starts again a terminated child of a static supervisor.
import type { AnyActorRef } from 'xstate';
import { callSupervisor } from './internal/supervisionOf';

/**
 * Starts again a child of a static supervisor that was terminated (and not deleted), resolving with the new
 * actor. Rejects with `not_found`, `running`, `restarting`, `start_error`, `not_supported` (dynamic
 * supervisor) or `not_running`.
 *
 * @example
 * ```ts
 * await terminateChild(sup, 'cache');
 * const ref = await restartChild(sup, 'cache');
 * ```
 */
export function restartChild(sup: AnyActorRef, id: string): Promise<AnyActorRef> {
  return callSupervisor<AnyActorRef>(sup, (s) => s.restartChild(id));
}
