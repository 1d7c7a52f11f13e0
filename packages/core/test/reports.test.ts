// Supervisor reports: structured data through the logger's child logger, and the supervisor.report event.
import { recordingLogger } from '@xstate-otp/test-kit';
import { createSupervisor } from '../src';
import { childRef, startOnClock, worker } from './support/workers';

describe('supervisor reports', () => {
  it('logs a crash as an error report with the offender and the stack', () => {
    const logger = recordingLogger();
    const { actor: sup } = startOnClock(createSupervisor({ logger, children: [{ id: 'w', logic: worker() }] }));
    childRef(sup, 'w').send({ type: 'crash' });

    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line.level).toBe('error');
    expect(line.message).toBe("supervisor sup: child_terminated of child 'w'");
    // The child logger's bindings (component, supervisor) arrive merged into the line's metadata.
    expect(line.meta).toMatchObject({
      component: 'supervisor',
      supervisor: 'sup',
      context: 'child_terminated',
      reason: { kind: 'error', error: new Error('w crashed') },
      offender: { id: 'w', restart: 'permanent', shutdown: 5000, type: 'worker', significant: false },
    });
    expect(line.meta.stack).toContain('Error: w crashed');
  });

  it('logs a normal exit of a permanent child at info level', () => {
    const logger = recordingLogger();
    const { actor: sup } = startOnClock(createSupervisor({ logger, children: [{ id: 'w', logic: worker() }] }));
    childRef(sup, 'w').send({ type: 'finish' });
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toEqual(["info supervisor sup: child_terminated of child 'w'"]);
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
