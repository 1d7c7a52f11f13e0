// Waits, on real timers, until a condition holds or a deadline passes: for work that crosses real I/O.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * How long `waitFor` keeps polling, and how often.
 *
 * @example
 * ```ts
 * const patient: WaitForOptions = { timeoutMs: 20_000, intervalMs: 50 };
 * ```
 */
export interface WaitForOptions {
  /** Fail after this long; defaults to 5000, jest's own test timeout, so pass less to see `what` in the failure. */
  timeoutMs?: number;
  /** Pause between two calls of the predicate; defaults to 5. */
  intervalMs?: number;
}

/**
 * Polls `predicate` (which may be async) every `intervalMs` until it is true; rejects naming `what` and
 * the timeout if it is still false after `timeoutMs`. A bounded poll instead of a fixed sleep.
 *
 * @example
 * ```ts
 * await waitFor('orders running', () => breaker.statuses().orders === 'running', { timeoutMs: 2000 });
 * ```
 */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 5 }: WaitForOptions = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
