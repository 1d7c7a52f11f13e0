// The logger shape the packages accept: winston's, or anything with the same four methods.

/** A log method: a message and structured data, as winston's `logger.error(message, meta)`. */
export type LogMethod = (message: string, meta?: Record<string, unknown>) => unknown;

/**
 * A winston-compatible logger. The packages never configure logging: they log through the one you
 * give them (deriving `logger.child({ ... })` when it exists) and are silent when you give none.
 *
 * @example
 * ```ts
 * import winston from 'winston';
 * const logger: Logger = winston.createLogger({ transports: [new winston.transports.Console()] });
 * createSupervisor({ logger, children: [] });
 * ```
 */
export interface Logger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  child?: (meta: Record<string, unknown>) => Logger;
}
