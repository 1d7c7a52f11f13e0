// S5: graceful shutdown in reverse start order, with otp.shutdown, deadlines and brutal_kill.
import { createActor, fromPromise } from 'xstate';
import { createDynamicSupervisor, createSupervisor, monitor, startChild, stopSupervisor, whichChildren, type ExitReason, type SupervisorReportEvent } from '../src';
import { childRef, Journal, journaled, settle, startOnClock, worker } from './support/workers';

describe('shutdown', () => {
  it('stops children in reverse start order, each per its shutdown', async () => {
    const journal = new Journal();
    const { actor: sup, clock } = startOnClock(
      createSupervisor({
        children: [
          { id: 'quick', logic: worker(journal, 50), input: { name: 'quick' }, shutdown: 100 },
          { id: 'slow', logic: worker(journal, 10_000), input: { name: 'slow' }, shutdown: 1000 },
          { id: 'killed', logic: worker(journal, 50), input: { name: 'killed' }, shutdown: 'brutal_kill' },
          { id: 'plain', logic: journaled(journal, 'plain') },
        ],
      }),
    );
    const downs: string[] = [];
    for (const id of ['quick', 'slow', 'killed']) monitor(childRef(sup, id), (r: ExitReason) => downs.push(`${id} ${r.kind}`));
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(`${r.context} ${r.offender.id} ${String(r.reason)}`));
    journal.clear();

    const stopped = stopSupervisor(sup, 'test over');
    // plain does not handle otp.shutdown and killed is brutal_kill: both stop at once; slow starts draining.
    expect(journal.entries).toEqual(['stop plain', 'draining slow']);
    expect(downs).toEqual(['killed shutdown']);

    clock.increment(999);
    await settle();
    expect(downs).toEqual(['killed shutdown']);
    clock.increment(1); // slow's deadline: stopped by force
    await settle();
    expect(downs).toEqual(['killed shutdown', 'slow shutdown']);
    expect(reports).toEqual(['shutdown_error slow killed']);
    expect(journal.entries).toEqual(['stop plain', 'draining slow', 'draining quick']);

    clock.increment(50); // quick drains within its shutdown and ends normally
    await stopped;
    expect(downs).toEqual(['killed shutdown', 'slow shutdown', 'quick normal']);
    expect(journal.entries).toEqual(['stop plain', 'draining slow', 'draining quick', 'exit quick']);
    expect(sup.getSnapshot().status).toBe('done');
    expect(whichChildren(sup).map((c) => c.status)).toEqual(['terminated', 'terminated', 'terminated', 'terminated']);
  });

  it("waits for a child with shutdown 'infinity'", async () => {
    const journal = new Journal();
    const { actor: sup, clock } = startOnClock(
      createSupervisor({ children: [{ id: 'w', logic: worker(journal, 3_600_000), input: { name: 'w' }, shutdown: 'infinity' }] }),
    );
    const stopped = stopSupervisor(sup);
    clock.increment(3_599_999);
    await settle();
    expect(sup.getSnapshot().status).toBe('active');
    clock.increment(1);
    await stopped;
    expect(journal.entries).toEqual(['start w', 'draining w', 'exit w']);
  });

  it('stops a nested supervisor after its own children, then the siblings before it', async () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(
      createSupervisor({
        children: [
          { id: 'first', logic: journaled(journal, 'first') },
          {
            id: 'nested',
            logic: createSupervisor({
              children: [
                { id: 'n1', logic: journaled(journal, 'n1') },
                { id: 'n2', logic: journaled(journal, 'n2') },
              ],
            }),
          },
          { id: 'last', logic: journaled(journal, 'last') },
        ],
      }),
    );
    journal.clear();
    await stopSupervisor(sup);
    expect(journal.entries).toEqual(['stop last', 'stop n2', 'stop n1', 'stop first']);
  });

  it("aborts a promise child's signal", async () => {
    const sup = createActor(createDynamicSupervisor()).start();
    let aborted = false;
    await startChild(sup, {
      id: 'fetch',
      logic: fromPromise(({ signal }) => new Promise<void>(() => signal.addEventListener('abort', () => (aborted = true)))),
    });
    await stopSupervisor(sup);
    expect(aborted).toBe(true);
  });

  it('stops every child at once, in reverse order, when the supervisor actor itself is stopped', () => {
    const journal = new Journal();
    const sup = createActor(
      createSupervisor({
        children: [
          { id: 'a', logic: journaled(journal, 'a') },
          { id: 'b', logic: journaled(journal, 'b') },
        ],
      }),
    ).start();
    sup.stop();
    expect(journal.entries).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('resolves at once for a supervisor that has already stopped', async () => {
    const sup = createActor(createDynamicSupervisor()).start();
    await stopSupervisor(sup);
    await expect(stopSupervisor(sup)).resolves.toBeUndefined();
  });
});

describe('stopSupervisor on other actors', () => {
  it('stops any actor that handles otp.shutdown, and refuses one that does not', async () => {
    const drains = createActor(worker(undefined, 0)).start();
    await stopSupervisor(drains);
    expect(drains.getSnapshot().status).toBe('done');

    const plain = createActor(worker(), { id: 'plain' }).start();
    await expect(stopSupervisor(plain)).rejects.toMatchObject({
      code: 'not_a_supervisor',
      message: "expected a supervisor actor (or one that handles otp.shutdown), got 'plain'",
    });
  });
});
