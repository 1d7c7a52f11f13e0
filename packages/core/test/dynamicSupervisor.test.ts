// S7: a dynamic supervisor's children, limits and bookkeeping through crashes and restarts.
import { createActor, SimulatedClock } from 'xstate';
import {
  countChildren,
  createDynamicSupervisor,
  deleteChild,
  restartChild,
  startChild,
  stopSupervisor,
  SupervisorError,
  terminateChild,
  whichChildren,
} from '../src';
import { failsToStart, Journal, journaled, settle, worker } from './support/workers';

function dynamic(maxChildren?: number) {
  const sup = createActor(createDynamicSupervisor({ maxChildren, maxRestarts: 100 }), { id: 'pool' });
  sup.start();
  return sup;
}

describe('dynamic supervisor', () => {
  it('rejects a child past maxChildren, counting restarting children', async () => {
    const sup = dynamic(2);
    await startChild(sup, { id: 'a', logic: worker() });
    await startChild(sup, { id: 'b', logic: worker() });
    const rejected = startChild(sup, { id: 'c', logic: worker() });
    await expect(rejected).rejects.toMatchObject({ code: 'max_children', message: "supervisor 'pool' has maxChildren 2 children" });
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('terminates a child gracefully and forgets it', async () => {
    const journal = new Journal();
    const sup = dynamic();
    await startChild(sup, { id: 'a', logic: journaled(journal, 'a') });
    await startChild(sup, { id: 'b', logic: journaled(journal, 'b') });
    await terminateChild(sup, 'a');
    expect(journal.entries).toEqual(['start a', 'start b', 'stop a']);
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['b']);
    await expect(terminateChild(sup, 'a')).rejects.toMatchObject({ code: 'not_found', message: "supervisor 'pool' has no child 'a'" });
  });

  it('keeps whichChildren and countChildren true through crashes, restarts and exits', async () => {
    const sup = dynamic();
    const perm = await startChild(sup, { id: 'perm', logic: worker() });
    const trans = await startChild(sup, { id: 'trans', logic: worker(), restart: 'transient' });
    const temp = await startChild(sup, { id: 'temp', logic: worker(), restart: 'temporary' });
    await startChild(sup, { id: 'pool2', logic: createDynamicSupervisor() });
    expect(countChildren(sup)).toEqual({ specs: 4, active: 4, supervisors: 1, workers: 3 });

    perm.send({ type: 'crash' });
    trans.send({ type: 'crash' });
    temp.send({ type: 'crash' });
    expect(whichChildren(sup).map((c) => `${c.id}:${c.status}:${c.type}`)).toEqual([
      'perm:running:worker',
      'trans:running:worker',
      'pool2:running:supervisor',
    ]);
    expect(whichChildren(sup)[0].ref).not.toBe(perm);

    whichChildren(sup)[1].ref!.send({ type: 'finish' });
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['perm', 'pool2']);
    expect(countChildren(sup)).toEqual({ specs: 2, active: 2, supervisors: 1, workers: 1 });
  });

  it('rejects a start that fails with start_error and keeps nothing of it', async () => {
    const sup = dynamic();
    const err = await startChild(sup, { id: 'broken', logic: failsToStart }).catch((e: unknown) => e);
    expect(SupervisorError.is(err, 'start_error')).toBe(true);
    expect((err as Error).message).toBe("child 'broken' failed to start: cannot start");
    expect(whichChildren(sup)).toEqual([]);
    expect(sup.getSnapshot().status).toBe('active');
  });

  it('rejects a duplicate id with already_started', async () => {
    const sup = dynamic();
    await startChild(sup, { id: 'a', logic: worker() });
    await expect(startChild(sup, { id: 'a', logic: worker() })).rejects.toMatchObject({ code: 'already_started' });
  });

  it('refuses the static-only calls with not_supported', async () => {
    const sup = dynamic();
    await startChild(sup, { id: 'a', logic: worker() });
    await expect(restartChild(sup, 'a')).rejects.toMatchObject({ code: 'not_supported' });
    await expect(deleteChild(sup, 'a')).rejects.toMatchObject({ code: 'not_supported' });
  });

  it('rejects calls on a stopped supervisor with not_running', async () => {
    const sup = dynamic();
    await stopSupervisor(sup);
    await expect(startChild(sup, { id: 'a', logic: worker() })).rejects.toMatchObject({
      code: 'not_running',
      message: "supervisor 'pool' is not running",
    });
  });
});

describe('a child that drains', () => {
  it('does not hold up the start of another child', async () => {
    const clock = new SimulatedClock();
    const sup = createActor(createDynamicSupervisor(), { clock }).start();
    const journal = new Journal();
    await startChild(sup, { id: 'slow', logic: worker(journal, 2000), input: { name: 'slow' }, shutdown: 5000 });
    const terminated = terminateChild(sup, 'slow');
    let done = false;
    void terminated.then(() => (done = true));

    await startChild(sup, { id: 'quick', logic: journaled(journal, 'quick') });
    expect(journal.entries).toEqual(['start slow', 'draining slow', 'start quick']);
    expect(whichChildren(sup).map((c) => `${c.id}:${c.status}`)).toEqual(['slow:running', 'quick:running']);
    await expect(startChild(sup, { id: 'slow', logic: worker() })).rejects.toMatchObject({ code: 'already_started' });
    expect(done).toBe(false);

    clock.increment(2000);
    await terminated;
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['quick']);
  });

  it('is waited for by a shutdown that comes while it drains', async () => {
    const clock = new SimulatedClock();
    const sup = createActor(createDynamicSupervisor(), { clock }).start();
    const journal = new Journal();
    await startChild(sup, { id: 'slow', logic: worker(journal, 2000), input: { name: 'slow' }, shutdown: 5000 });
    void terminateChild(sup, 'slow');
    const stopped = stopSupervisor(sup);
    await settle();
    expect(sup.getSnapshot().status).toBe('active');
    clock.increment(2000);
    await stopped;
    expect(journal.entries).toEqual(['start slow', 'draining slow', 'exit slow']);
  });
});
