// Supervisor reports: structured data through the logger's child logger, and the supervisor.report event.
import { createSupervisor, type Logger } from '../src';
import { childRef, startOnClock, worker } from './support/workers';

/** A winston-shaped logger that keeps what it is given. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string; meta?: Record<string, unknown>; bindings: Record<string, unknown> }> = [];
  const make = (bindings: Record<string, unknown>): Logger => ({
    error: (message, meta) => lines.push({ level: 'error', message, meta, bindings }),
    warn: (message, meta) => lines.push({ level: 'warn', message, meta, bindings }),
    info: (message, meta) => lines.push({ level: 'info', message, meta, bindings }),
    debug: (message, meta) => lines.push({ level: 'debug', message, meta, bindings }),
    child: (meta) => make({ ...bindings, ...meta }),
  });
  return { logger: make({}), lines };
}

describe('supervisor reports', () => {
  it('logs a crash as an error report with the offender and the stack', () => {
    const { logger, lines } = recordingLogger();
    const { actor: sup } = startOnClock(createSupervisor({ logger, children: [{ id: 'w', logic: worker() }] }));
    childRef(sup, 'w').send({ type: 'crash' });

    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.level).toBe('error');
    expect(line.message).toBe("supervisor sup: child_terminated of child 'w'");
    expect(line.bindings).toEqual({ component: 'supervisor', supervisor: 'sup' });
    expect(line.meta).toMatchObject({
      supervisor: 'sup',
      context: 'child_terminated',
      reason: { kind: 'error', error: new Error('w crashed') },
      offender: { id: 'w', restart: 'permanent', shutdown: 5000, type: 'worker', significant: false },
    });
    expect(line.meta?.stack).toContain('Error: w crashed');
  });

  it('logs a normal exit of a permanent child at info level', () => {
    const { logger, lines } = recordingLogger();
    const { actor: sup } = startOnClock(createSupervisor({ logger, children: [{ id: 'w', logic: worker() }] }));
    childRef(sup, 'w').send({ type: 'finish' });
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual(["info supervisor sup: child_terminated of child 'w'"]);
  });

  it('is silent without a logger and still emits supervisor.report', () => {
    const { actor: sup } = startOnClock(createSupervisor({ children: [{ id: 'w', logic: worker() }] }));
    const events: unknown[] = [];
    sup.on('supervisor.report', (e) => events.push(e));
    childRef(sup, 'w').send({ type: 'crash' });
    expect(events).toEqual([
      {
        type: 'supervisor.report',
        supervisor: 'sup',
        context: 'child_terminated',
        reason: { kind: 'error', error: new Error('w crashed') },
        offender: { id: 'w', restart: 'permanent', shutdown: 5000, type: 'worker', significant: false },
      },
    ]);
  });
});
