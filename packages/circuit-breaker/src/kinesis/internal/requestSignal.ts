// The AbortSignal of one AWS call: its own timeout, joined with the caller's signal (shutdown, state exit).

/** Aborts after `timeoutMs`, or when `signal` aborts. */
export function requestSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
