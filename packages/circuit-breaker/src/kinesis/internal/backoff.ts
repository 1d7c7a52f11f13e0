// The delay before retrying a failed AWS call: exponential, capped, with jitter so shards do not retry in step.

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;

/** Half of the exponential step is fixed and half random ("equal jitter"): never 0, never in lockstep. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
