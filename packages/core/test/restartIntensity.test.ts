// S2 and S3: restart intensity over a sliding window, and escalation to the parent supervisor.
import { SimulatedClock } from 'xstate';
import { createSupervisor, SupervisorError, whichChildren, type SupervisorReportEvent } from '../src';
import { childRef, Journal, journaled, startOnClock, worker } from './support/workers';

describe('restart intensity', () => {
  it('gives up on the third crash within the period: stops the children in reverse order and errors', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(
      createSupervisor({
        maxRestarts: 2,
        periodMs: 3_600_000,
        children: [
          { id: 'a', logic: journaled(journal, 'a') },
          { id: 'crashy', logic: worker() },
          { id: 'c', logic: journaled(journal, 'c') },
        ],
      }),
    );
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(`${r.context} ${r.offender.id}`));
    journal.clear();

    childRef(sup, 'crashy').send({ type: 'crash' });
    childRef(sup, 'crashy').send({ type: 'crash' });
    expect(sup.getSnapshot().status).toBe('active');
    childRef(sup, 'crashy').send({ type: 'crash' });

    const snapshot = sup.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(SupervisorError.is(snapshot.error, 'reached_max_restart_intensity')).toBe(true);
    expect((snapshot.error as Error).message).toBe(
      "supervisor 'sup' reached its restart intensity (more than 2 restarts in 3600000 ms); last offender 'crashy'",
    );
    expect(journal.entries).toEqual(['stop c', 'stop a']);
    expect(whichChildren(sup).map((c) => c.status)).toEqual(['terminated', 'terminated', 'terminated']);
    expect(reports).toEqual([
      'child_terminated crashy',
      'child_terminated crashy',
      'child_terminated crashy',
      'shutdown crashy',
    ]);
  });

  it('never gives up when the crashes are further apart than the period', () => {
    const clock = new SimulatedClock();
    const { actor: sup } = startOnClock(
      createSupervisor({ maxRestarts: 2, periodMs: 3_600_000, children: [{ id: 'crashy', logic: worker() }] }),
      clock,
    );
    for (let i = 0; i < 10; i++) {
      childRef(sup, 'crashy').send({ type: 'crash' });
      clock.increment(1_800_001);
    }
    expect(sup.getSnapshot().status).toBe('active');
    expect(whichChildren(sup)[0].status).toBe('running');
  });

  it('counts restarts in a sliding window, not in fixed buckets', () => {
    const clock = new SimulatedClock();
    const { actor: sup } = startOnClock(
      createSupervisor({ maxRestarts: 2, periodMs: 1000, children: [{ id: 'crashy', logic: worker() }] }),
      clock,
    );
    childRef(sup, 'crashy').send({ type: 'crash' }); // t=0
    clock.increment(600);
    childRef(sup, 'crashy').send({ type: 'crash' }); // t=600
    clock.increment(600);
    childRef(sup, 'crashy').send({ type: 'crash' }); // t=1200: the one at 0 left the window
    expect(sup.getSnapshot().status).toBe('active');
    clock.increment(300);
    childRef(sup, 'crashy').send({ type: 'crash' }); // t=1500: 600, 1200, 1500 are within 1000 ms
    expect(sup.getSnapshot().status).toBe('error');
  });

  it('with maxRestarts 0 gives up on the first crash', () => {
    const { actor: sup } = startOnClock(createSupervisor({ maxRestarts: 0, children: [{ id: 'crashy', logic: worker() }] }));
    childRef(sup, 'crashy').send({ type: 'crash' });
    expect(SupervisorError.is(sup.getSnapshot().error, 'reached_max_restart_intensity')).toBe(true);
  });
});

describe('escalation', () => {
  const inner = (journal: Journal) =>
    createSupervisor({
      maxRestarts: 0,
      children: [
        { id: 'helper', logic: journaled(journal, 'helper') },
        { id: 'crashy', logic: worker() },
      ],
    });

  it('restarts a child supervisor that gave up, and counts that against its own intensity', () => {
    const journal = new Journal();
    const { actor: top } = startOnClock(
      createSupervisor({ maxRestarts: 1, periodMs: 60_000, children: [{ id: 'inner', logic: inner(journal) }] }),
    );
    const reports: string[] = [];
    top.on('supervisor.report', (r: SupervisorReportEvent) =>
      reports.push(`${r.context} ${r.offender.id} ${SupervisorError.is((r.reason as { error?: unknown }).error, 'reached_max_restart_intensity')}`),
    );
    expect(whichChildren(top)).toEqual([{ id: 'inner', ref: expect.anything(), type: 'supervisor', status: 'running' }]);
    journal.clear();

    childRef(childRef(top, 'inner'), 'crashy').send({ type: 'crash' });
    expect(journal.entries).toEqual(['stop helper', 'start helper']);
    expect(top.getSnapshot().status).toBe('active');

    childRef(childRef(top, 'inner'), 'crashy').send({ type: 'crash' });
    expect(top.getSnapshot().status).toBe('error');
    expect(SupervisorError.is(top.getSnapshot().error, 'reached_max_restart_intensity')).toBe(true);
    expect(reports).toEqual(['child_terminated inner true', 'child_terminated inner true', 'shutdown inner false']);
    expect(journal.entries).toEqual(['stop helper', 'start helper', 'stop helper']);
  });
});

describe('after giving up', () => {
  it('leaves no actor of the supervisor running', () => {
    const { actor: sup } = startOnClock(createSupervisor({ maxRestarts: 0, children: [{ id: 'crashy', logic: worker() }] }));
    const hook = Object.values(sup.getSnapshot().children)[0] as { getSnapshot(): { status: string } };
    expect(hook).toBeDefined();
    childRef(sup, 'crashy').send({ type: 'crash' });
    expect(sup.getSnapshot().status).toBe('error');
    expect(hook.getSnapshot().status).toBe('stopped');
  });
});
