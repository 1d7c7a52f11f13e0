// The one error class of @xstate-otp/core, with the stable codes users match on.

/**
 * Every code a {@link SupervisorError} can carry. Programmer errors (`invalid_child_spec`, `invalid_option`)
 * are thrown before anything starts; the others reject a call or end a supervisor in status `error`.
 *
 * @example
 * ```ts
 * const retryable: SupervisorErrorCode[] = ['max_children', 'not_running'];
 * ```
 */
export type SupervisorErrorCode =
  | 'invalid_child_spec'
  | 'invalid_option'
  | 'not_a_supervisor'
  | 'already_started'
  | 'already_present'
  | 'max_children'
  | 'start_error'
  | 'not_found'
  | 'not_running'
  | 'running'
  | 'restarting'
  | 'not_supported'
  | 'reached_max_restart_intensity';

/**
 * The error of supervisors and of the calls on them, with a stable `code` (see docs/errors.md).
 *
 * @example
 * ```ts
 * try {
 *   await startChild(sup, { id: 'worker', logic });
 * } catch (err) {
 *   if (SupervisorError.is(err, 'already_started')) console.log('already running');
 * }
 * ```
 */
export class SupervisorError extends Error {
  override readonly name = 'SupervisorError';

  constructor(
    readonly code: SupervisorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * True when `err` is a SupervisorError, with the given code when one is given.
   *
   * @example
   * ```ts
   * snapshot.status === 'error' && SupervisorError.is(snapshot.error, 'reached_max_restart_intensity');
   * ```
   */
  static is(err: unknown, code?: SupervisorErrorCode): err is SupervisorError {
    return err instanceof SupervisorError && (code === undefined || err.code === code);
  }
}
