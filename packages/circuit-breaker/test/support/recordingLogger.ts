// A winston-compatible logger that records every line, with the metadata of its child loggers merged in.
import type { Logger } from '@xstate-otp/core';

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: Record<string, unknown>;
}

export interface RecordingLogger extends Logger {
  readonly lines: LogLine[];
  /** The lines of one level, optionally only those whose message contains `text`. */
  at(level: LogLine['level'], text?: string): LogLine[];
}

export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const make = (base: Record<string, unknown>): Logger => {
    const log = (level: LogLine['level']) => (message: string, meta?: Record<string, unknown>) => {
      lines.push({ level, message, meta: { ...base, ...meta } });
    };
    return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), child: (meta) => make({ ...base, ...meta }) };
  };
  return {
    ...make({}),
    lines,
    at: (level, text) => lines.filter((line) => line.level === level && (text === undefined || line.message.includes(text))),
  };
}
