// Keeps a broken logger (a transport that throws) from breaking the breaker: every logging call is contained here.
import type { Logger, LogMethod } from '@xstate-otp/core';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * Wraps the user's logger so that no call on it, nor on any logger derived with `child`, ever throws:
 * a line that cannot be logged is dropped. The breaker logs from inside checks, starts and monitors,
 * where an exception would leave a child unmonitored or a promise rejected with nobody to catch it.
 * Wrapped once, in resolveOptions, so every logger the breaker (and its core supervisors) derives is safe.
 */
export function safeLogger(logger: Logger): Logger {
  const contained =
    (level: (typeof LEVELS)[number]): LogMethod =>
    (message, meta) => {
      try {
        logger[level](message, meta);
      } catch {
        // Logging must never break the breaker; there is nowhere else to report it.
      }
    };
  return {
    error: contained('error'),
    warn: contained('warn'),
    info: contained('info'),
    debug: contained('debug'),
    child(bindings) {
      if (typeof logger?.child === 'function') {
        try {
          return safeLogger(logger.child(bindings));
        } catch {
          // Fall back to carrying the bindings in each line's metadata.
        }
      }
      return safeLogger(withBindings(logger, bindings));
    },
  };
}

/** A logger that merges `bindings` into each line's metadata, for a logger whose `child` is missing or broken. */
function withBindings(logger: Logger, bindings: Record<string, unknown>): Logger {
  const merged =
    (level: (typeof LEVELS)[number]): LogMethod =>
    (message, meta) =>
      logger[level](message, { ...bindings, ...meta });
  return { error: merged('error'), warn: merged('warn'), info: merged('info'), debug: merged('debug') };
}
