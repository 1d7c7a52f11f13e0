// Supervisor.count_children: how many children a supervisor has, by kind.
import type { AnyActorRef } from 'xstate';
import { supervisionOf } from './internal/supervisionOf';

/**
 * Counts a supervisor's children: `specs` (all it knows), `active` (running), and `supervisors` / `workers`
 * (all it knows, by type). Throws SupervisorError `not_a_supervisor` for another actor.
 *
 * @example
 * ```ts
 * const { active, specs } = countChildren(pool);
 * ```
 */
export function countChildren(sup: AnyActorRef): { specs: number; active: number; supervisors: number; workers: number } {
  return supervisionOf(sup).countChildren();
}
