// Supervisor.start_child: adds and starts a child under a running supervisor.
import type { AnyActorRef } from 'xstate';
import type { ChildSpec } from './childSpec';
import { callSupervisor } from './internal/supervisionOf';

/**
 * Starts a child under a running supervisor or dynamic supervisor and resolves with its actor.
 * Rejects with SupervisorError `invalid_child_spec`, `already_started` / `already_present` (the id is taken),
 * `max_children` (dynamic supervisor full), `start_error` (it threw or errored at start), or `not_running`.
 *
 * @example
 * ```ts
 * const ref = await startChild(pool, { id: 'job-42', logic: fromPromise(runJob), input: { job: 42 }, restart: 'transient' });
 * ```
 */
export function startChild(sup: AnyActorRef, spec: ChildSpec): Promise<AnyActorRef> {
  return callSupervisor<AnyActorRef>(sup, (s) => s.startChild(spec));
}
