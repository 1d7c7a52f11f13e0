// S1: OTP's restart type x exit reason matrix.
import { createSupervisor, whichChildren, type Restart, type SupervisorReportEvent } from '../src';
import { childRef, startOnClock, worker } from './support/workers';

const exits = { normal: 'finish', shutdown: 'quit', error: 'crash' } as const;

describe('restart type x exit reason', () => {
  it.each([
    ['permanent', 'normal', 'restarted'],
    ['permanent', 'shutdown', 'restarted'],
    ['permanent', 'error', 'restarted'],
    ['transient', 'normal', 'terminated'],
    ['transient', 'shutdown', 'terminated'],
    ['transient', 'error', 'restarted'],
    ['temporary', 'normal', 'gone'],
    ['temporary', 'shutdown', 'gone'],
    ['temporary', 'error', 'gone'],
  ] as const)('a %s child that exits with reason %s is %s', (restart: Restart, reason, outcome) => {
    const { actor: sup } = startOnClock(createSupervisor({ children: [{ id: 'c', logic: worker(), restart }] }));
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(`${r.context} ${(r.reason as { kind: string }).kind}`));
    const first = childRef(sup, 'c');

    first.send({ type: exits[reason] });

    const children = whichChildren(sup);
    if (outcome === 'restarted') {
      expect(children.map((c) => [c.id, c.status])).toEqual([['c', 'running']]);
      expect(children[0].ref).not.toBe(first);
      expect(children[0].ref!.getSnapshot().status).toBe('active');
    } else if (outcome === 'terminated') {
      expect(children).toEqual([{ id: 'c', ref: undefined, type: 'worker', status: 'terminated' }]);
    } else {
      expect(children).toEqual([]);
    }
    // OTP reports every exit of a permanent child, and the crashes of the others.
    const reported = restart === 'permanent' || reason === 'error';
    expect(reports).toEqual(reported ? [`child_terminated ${reason}`] : []);
    expect(sup.getSnapshot().status).toBe('active');
  });
});
