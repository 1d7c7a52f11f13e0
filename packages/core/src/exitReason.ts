// Why an actor stopped, in OTP's three families: normal, shutdown and error.

/**
 * Why an actor exited, as a supervisor and {@link monitor} see it.
 * - `normal`: it reached a final state or its promise resolved (`output` is its output);
 * - `shutdown`: it was stopped, by its supervisor or on request;
 * - `error`: it crashed (threw, rejected or errored).
 *
 * @example
 * ```ts
 * monitor(ref, (reason: ExitReason) => {
 *   if (reason.kind === 'error') console.error('crashed', reason.error);
 * });
 * ```
 */
export type ExitReason =
  | { kind: 'normal'; output?: unknown }
  | { kind: 'shutdown' }
  | { kind: 'error'; error: unknown };
