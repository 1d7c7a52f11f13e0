// Keeps one shard at or under Kinesis's 5 GetRecords per second, counting every HTTP attempt (SDK retries too).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * 1000 ms / 5 calls, plus 5 ms of headroom: requests spaced exactly 200 ms apart on the client can arrive
 * closer together at Kinesis (network jitter), and 6 inside one second is throttling.
 */
export const MIN_GET_RECORDS_INTERVAL_MS = 205;

/** A middleware that only delays the call it wraps, whatever its arguments and result. */
type PacingMiddleware = <TArgs, TResult>(next: (args: TArgs) => Promise<TResult>) => (args: TArgs) => Promise<TResult>;

/** Where the limiter sits: in finalizeRequest below the SDK's retry middleware, so it paces each attempt. */
export const READ_RATE_LIMIT_OPTIONS = { name: 'xstateOtpReadRateLimit', step: 'finalizeRequest', priority: 'low' } as const;

/**
 * One limiter per shard: `pace(signal)` is a middleware for one GetRecords command that delays each of
 * its attempts until at least MIN_GET_RECORDS_INTERVAL_MS after the shard's previous attempt started.
 */
export function readRateLimit(): { pace(signal: AbortSignal): PacingMiddleware } {
  let nextAllowedAt = -Infinity;
  return {
    pace: (signal) => (next) => async (args) => {
      // Re-checked after every wake-up: a timer may fire early, or late (a busy event loop), and another
      // attempt may have taken the slot meanwhile. The slot is counted from when the attempt really goes.
      for (let wait = nextAllowedAt - performance.now(); wait > 0; wait = nextAllowedAt - performance.now()) {
        await sleep(Math.ceil(wait), undefined, { signal });
      }
      nextAllowedAt = performance.now() + MIN_GET_RECORDS_INTERVAL_MS;
      return next(args);
    },
  };
}
