// Supervisor.which_children: the children of a supervisor, in start order.
import type { AnyActorRef } from 'xstate';
import type { ChildInfo } from './childSpec';
import { supervisionOf } from './internal/supervisionOf';

/**
 * Lists a supervisor's children in start order: `{ id, ref?, type, status }` where status is 'running',
 * 'restarting' or 'terminated'. Throws SupervisorError `not_a_supervisor` for another actor.
 *
 * @example
 * ```ts
 * for (const child of whichChildren(sup)) console.log(child.id, child.status);
 * ```
 */
export function whichChildren(sup: AnyActorRef): ChildInfo[] {
  return supervisionOf(sup).whichChildren();
}
