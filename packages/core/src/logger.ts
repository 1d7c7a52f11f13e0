// The logger shape the packages accept: winston's, or anything with the same four methods.

/**
 * A log method: a message and structured data, as winston's `logger.error(message, meta)`.
 *
 * @example
 * ```ts
 * const info: LogMethod = (message, meta) => console.log(message, JSON.stringify(meta));
 * ```
 */
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

/**
 * A logger that carries `bindings` on every line: `logger.child(bindings)` when the logger has `child`
 * (winston, pino...), otherwise one that merges them into each call's metadata, so they are never lost.
 *
 * @example
 * ```ts
 * const log = childLogger(logger, { component: 'shardConsumer', childId: shardId });
 * log.info('batch checkpointed', { records: 10 }); // carries component and childId
 * ```
 */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const withBindings =
    (level: 'error' | 'warn' | 'info' | 'debug'): LogMethod =>
    (message, meta) =>
      logger[level](message, { ...bindings, ...meta });
  return {
    error: withBindings('error'),
    warn: withBindings('warn'),
    info: withBindings('info'),
    debug: withBindings('debug'),
    child: (more) => childLogger(logger, { ...bindings, ...more }),
  };
}
