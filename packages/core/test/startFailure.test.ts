// S6: a child that fails to start stops the ones before it and the supervisor errors with start_error.
import { createActor } from 'xstate';
import { createSupervisor, SupervisorError, type SupervisorReportEvent } from '../src';
import { failsToStart, Journal, journaled } from './support/workers';

describe('start failure', () => {
  it('stops the children already started, never starts the rest, and errors with start_error', () => {
    const journal = new Journal();
    const sup = createActor(
      createSupervisor({
        children: [
          { id: 'first', logic: journaled(journal, 'first') },
          { id: 'broken', logic: failsToStart },
          { id: 'third', logic: journaled(journal, 'third') },
        ],
      }),
      { id: 'app' },
    );
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(`${r.context} ${r.offender.id} ${(r.reason as Error).message}`));
    let escalated: unknown;
    sup.subscribe({ error: (err) => (escalated = err) });
    sup.start();

    expect(journal.entries).toEqual(['start first', 'stop first']);
    expect(sup.getSnapshot().status).toBe('error');
    expect(SupervisorError.is(escalated, 'start_error')).toBe(true);
    expect((escalated as Error).message).toBe("child 'broken' failed to start: cannot start");
    expect(((escalated as SupervisorError).cause as Error).message).toBe('cannot start');
    expect(reports).toEqual(['start_error broken cannot start']);
  });

  it('is a start_error of its parent when a nested supervisor fails to start', () => {
    const sup = createActor(
      createSupervisor({ children: [{ id: 'nested', logic: createSupervisor({ children: [{ id: 'broken', logic: failsToStart }] }) }] }),
    );
    sup.subscribe({ error: () => undefined });
    sup.start();
    expect(SupervisorError.is(sup.getSnapshot().error, 'start_error')).toBe(true);
    expect((sup.getSnapshot().error as Error).message).toBe("child 'nested' failed to start: child 'broken' failed to start: cannot start");
  });
});
