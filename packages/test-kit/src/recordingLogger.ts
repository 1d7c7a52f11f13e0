// A winston-compatible logger that records every line, with the bindings of its child loggers merged in.

/**
 * The levels of @xstate-otp/core's `Logger`, winston's names.
 *
 * @example
 * ```ts
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

type LogMethod = (message: string, meta?: Record<string, unknown>) => void;

/**
 * One recorded call: `meta` is the child loggers' bindings merged with the call's own metadata.
 *
 * @example
 * ```ts
 * const line: LogLine = { level: 'error', message: "supervisor sup: child_terminated of child 'w'", meta: { component: 'supervisor' } };
 * ```
 */
export interface LogLine {
  level: LogLevel;
  message: string;
  meta: Record<string, unknown>;
}

// The shape is @xstate-otp/core's `Logger`, written out rather than imported: core's own tests use this
// package, and a project reference back to core would be a cycle that `tsc -b` refuses. Each package
// that hands a recording logger to its code typechecks that the two still fit.
/**
 * An @xstate-otp/core `Logger` that keeps every line it, or any child derived from it, is given.
 *
 * @example
 * ```ts
 * const logger: RecordingLogger = recordingLogger();
 * logger.child({ component: 'supervisor' }).warn('slow');
 * logger.lines; // [{ level: 'warn', message: 'slow', meta: { component: 'supervisor' } }]
 * ```
 */
export interface RecordingLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  /** A logger whose lines carry `bindings` (merged over the parent's) and land in the same `lines`. */
  child(bindings: Record<string, unknown>): RecordingLogger;
  readonly lines: LogLine[];
  /** The lines of one level, optionally only those whose message contains `text`. */
  at(level: LogLevel, text?: string): LogLine[];
}

/**
 * Returns a fresh recording logger to pass where a `Logger` is taken, then assert on what was logged.
 *
 * @example
 * ```ts
 * const logger = recordingLogger();
 * createSupervisor({ logger, children: [{ id: 'w', logic: worker() }] });
 * expect(logger.at('error', 'child_terminated')[0].meta).toMatchObject({ component: 'supervisor' });
 * ```
 */
export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const at = (level: LogLevel, text?: string) =>
    lines.filter((line) => line.level === level && (text === undefined || line.message.includes(text)));
  const make = (bindings: Record<string, unknown>): RecordingLogger => {
    const log =
      (level: LogLevel): LogMethod =>
      (message, meta) => {
        lines.push({ level, message, meta: { ...bindings, ...meta } });
      };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: (more) => make({ ...bindings, ...more }),
      lines,
      at,
    };
  };
  return make({});
}
