// The one error class of @xstate-otp/dashboard, with the stable codes users match on.

/**
 * Codes of {@link DashboardError}: `invalid_option` is a programmer error, thrown before anything listens.
 *
 * @example
 * ```ts
 * const code: DashboardErrorCode = 'invalid_option';
 * ```
 */
export type DashboardErrorCode = 'invalid_option';

/**
 * Bad options given to {@link serveDashboard}; the message names the field and the bad value.
 * Failing to listen (a port in use) is not one: the returned promise rejects with Node's own error.
 *
 * @example
 * ```ts
 * try {
 *   await serveDashboard({ port: 70000 });
 * } catch (error) {
 *   if (error instanceof DashboardError && error.code === 'invalid_option') console.error(error.message);
 * }
 * ```
 */
export class DashboardError extends Error {
  override readonly name = 'DashboardError';
  readonly code: DashboardErrorCode;

  constructor(code: DashboardErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
