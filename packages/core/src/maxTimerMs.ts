// The longest delay a timer can take, for options that become timeouts.

/**
 * The longest delay Node's timers (and AbortSignal.timeout) accept: 2^31 - 1 ms, about 24.8 days. A longer
 * one fires after about 1 ms instead, so every option that becomes a timer is checked against it.
 *
 * @example
 * ```ts
 * if (!(shutdownMs <= MAX_TIMER_MS)) throw new RangeError(`shutdown must be at most ${MAX_TIMER_MS} ms`);
 * ```
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
