// The graceful shutdown protocol between a supervisor and its children.

/**
 * The event a supervisor sends a child it stops gracefully. A child machine that handles it has its spec's
 * `shutdown` milliseconds to reach a final state before it is stopped by force; a child that does not handle
 * it is stopped at once. Sending it to a supervisor stops that supervisor's children in reverse start order.
 *
 * @example
 * ```ts
 * const worker = createMachine({
 *   initial: 'working',
 *   states: {
 *     working: { on: { [SHUTDOWN_EVENT]: 'flushing' } },
 *     flushing: { invoke: { src: 'flush', onDone: 'done' } },
 *     done: { type: 'final' },
 *   },
 * });
 * ```
 */
export const SHUTDOWN_EVENT = 'otp.shutdown';

/**
 * The event of {@link SHUTDOWN_EVENT}.
 *
 * @example
 * ```ts
 * const stop: ShutdownEvent = { type: SHUTDOWN_EVENT, reason: 'deploy' };
 * sup.send(stop); // as stopSupervisor(sup, 'deploy') does
 * ```
 */
export interface ShutdownEvent {
  type: typeof SHUTDOWN_EVENT;
  /** Why, for the logs (a supervisor logs it when it starts shutting down). */
  reason?: unknown;
}
