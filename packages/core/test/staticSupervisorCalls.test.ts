// The Supervisor.* calls on a static supervisor: start, terminate, restart and delete a child.
import { createActor } from 'xstate';
import { createSupervisor, deleteChild, restartChild, startChild, terminateChild, whichChildren, SupervisorError } from '../src';
import { Journal, journaled, worker } from './support/workers';

function app(journal: Journal) {
  const sup = createActor(createSupervisor({ children: [{ id: 'cache', logic: journaled(journal, 'cache') }] }), { id: 'app' });
  sup.start();
  return sup;
}

describe('static supervisor calls', () => {
  it('keeps a terminated child until it is restarted or deleted', async () => {
    const journal = new Journal();
    const sup = app(journal);
    await terminateChild(sup, 'cache');
    expect(whichChildren(sup)).toEqual([{ id: 'cache', ref: undefined, type: 'worker', status: 'terminated' }]);
    await expect(startChild(sup, { id: 'cache', logic: worker() })).rejects.toMatchObject({ code: 'already_present' });

    const ref = await restartChild(sup, 'cache');
    expect(whichChildren(sup)).toEqual([{ id: 'cache', ref, type: 'worker', status: 'running' }]);
    await expect(restartChild(sup, 'cache')).rejects.toMatchObject({ code: 'running', message: "child 'cache' is running" });
    await expect(deleteChild(sup, 'cache')).rejects.toMatchObject({ code: 'running' });

    await terminateChild(sup, 'cache');
    await deleteChild(sup, 'cache');
    expect(whichChildren(sup)).toEqual([]);
    expect(journal.entries).toEqual(['start cache', 'stop cache', 'start cache', 'stop cache']);
  });

  it('adds a child at runtime after the static ones', async () => {
    const journal = new Journal();
    const sup = app(journal);
    await startChild(sup, { id: 'extra', logic: journaled(journal, 'extra') });
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['cache', 'extra']);
  });

  it('rejects calls naming an unknown child with not_found', async () => {
    const sup = app(new Journal());
    await expect(restartChild(sup, 'nope')).rejects.toMatchObject({ code: 'not_found', message: "supervisor 'app' has no child 'nope'" });
    await expect(deleteChild(sup, 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an actor that is not a supervisor', () => {
    const other = createActor(worker(), { id: 'plain' }).start();
    expect(() => whichChildren(other)).toThrow(SupervisorError);
    expect(() => whichChildren(other)).toThrow("expected a supervisor actor, got 'plain'");
  });
});
