// OTP's supervisor reports: what a supervisor logs and emits when a child crashes or a shutdown goes wrong.
import type { ChildType, Restart, Shutdown } from './childSpec';

/**
 * A supervisor report, as OTP's `{ supervisor, context, reason, offender }`:
 * - `child_terminated`: a child exited (reason is its {@link ExitReason}); it is restarted or not per its restart type;
 * - `start_error`: a child failed to start (reason is the error);
 * - `shutdown_error`: a child errored while stopping, or was stopped by force at its deadline (reason 'killed');
 * - `shutdown`: the supervisor gave up (reason 'reached_max_restart_intensity') and stops all its children.
 *
 * Logged through the supervisor's logger (when given) and emitted as `supervisor.report`.
 *
 * @example
 * ```ts
 * sup.on('supervisor.report', (report: SupervisorReportEvent) => {
 *   if (report.context === 'child_terminated') metrics.crashes.add(1, { child: report.offender.id });
 * });
 * ```
 */
export interface SupervisorReport {
  /** The supervisor's actor id (its systemId when it has one). */
  supervisor: string;
  context: 'child_terminated' | 'start_error' | 'shutdown_error' | 'shutdown';
  reason: unknown;
  offender: { id: string; restart: Restart; shutdown: Shutdown; type: ChildType; significant: boolean };
}

/**
 * The emitted event of a {@link SupervisorReport}.
 *
 * @example
 * ```ts
 * const sub = sup.on('supervisor.report', (e: SupervisorReportEvent) => console.log(e.context, e.offender.id));
 * ```
 */
export type SupervisorReportEvent = SupervisorReport & { type: 'supervisor.report' };
