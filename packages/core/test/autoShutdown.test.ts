// Significant children and autoShutdown: a supervisor that ends when its significant work is done.
import { createSupervisor, whichChildren } from '../src';
import { childRef, Journal, journaled, startOnClock, worker } from './support/workers';

describe('autoShutdown', () => {
  it('any_significant: the first significant child to exit stops the supervisor normally', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(
      createSupervisor({
        autoShutdown: 'any_significant',
        children: [
          { id: 'helper', logic: journaled(journal, 'helper') },
          { id: 'job1', logic: worker(), restart: 'transient', significant: true },
          { id: 'job2', logic: worker(), restart: 'transient', significant: true },
        ],
      }),
    );
    childRef(sup, 'job1').send({ type: 'finish' });
    expect(sup.getSnapshot().status).toBe('done');
    expect(journal.entries).toEqual(['start helper', 'stop helper']);
  });

  it('all_significant: the supervisor stops when the last significant child exits', () => {
    const { actor: sup } = startOnClock(
      createSupervisor({
        autoShutdown: 'all_significant',
        children: [
          { id: 'job1', logic: worker(), restart: 'temporary', significant: true },
          { id: 'job2', logic: worker(), restart: 'transient', significant: true },
        ],
      }),
    );
    childRef(sup, 'job1').send({ type: 'finish' });
    expect(sup.getSnapshot().status).toBe('active');
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['job2']);
    childRef(sup, 'job2').send({ type: 'finish' });
    expect(sup.getSnapshot().status).toBe('done');
  });

  it('restarts a crashed significant transient child instead of shutting down', () => {
    const { actor: sup } = startOnClock(
      createSupervisor({
        autoShutdown: 'any_significant',
        children: [{ id: 'job', logic: worker(), restart: 'transient', significant: true }],
      }),
    );
    childRef(sup, 'job').send({ type: 'crash' });
    expect(sup.getSnapshot().status).toBe('active');
    expect(whichChildren(sup)[0].status).toBe('running');
  });
});
