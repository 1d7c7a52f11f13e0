// Supervisor.terminate_child: stops one child gracefully, honouring its shutdown.
import type { AnyActorRef } from 'xstate';
import { callSupervisor } from './internal/supervisionOf';

/**
 * Stops a child as a shutdown would (otp.shutdown and its `shutdown` deadline, or at once) and resolves when
 * it has stopped. A static supervisor keeps the spec (see {@link restartChild}, {@link deleteChild}); a dynamic
 * supervisor forgets the child. Rejects with `not_found` or `not_running`. Unlike OTP, other calls do not
 * wait for this child's drain: a child can start while another one stops.
 *
 * @example
 * ```ts
 * await terminateChild(pool, 'job-42');
 * ```
 */
export function terminateChild(sup: AnyActorRef, id: string): Promise<void> {
  return callSupervisor<void>(sup, (s) => s.terminateChild(id), false);
}
