// Supervision under adversity: children that fail at once under a high intensity, guards and cleanups
// that throw, and calls given things that are not actors. None may freeze the process or go silent.
import { createActor, createMachine, fromCallback, fromPromise } from 'xstate';
import {
  createDynamicSupervisor,
  createSupervisor,
  monitor,
  startChild,
  stopSupervisor,
  SupervisorError,
  whichChildren,
  type ExitReason,
  type SupervisorReportEvent,
} from '../src';
import { childRef, settle, startOnClock, worker } from './support/workers';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a child that fails at once under a very high intensity', () => {
  it('is restarted in bursts of 100 that let the event loop turn', async () => {
    let starts = 0;
    const exitsAtOnce = createMachine({ entry: () => void (starts += 1), initial: 'gone', states: { gone: { type: 'final' } } });
    const sup = createActor(createSupervisor({ maxRestarts: Infinity, children: [{ id: 'dies', logic: exitsAtOnce }] })).start();
    expect(starts).toBe(101); // its start, then 100 restarts before it waits for a turn of the event loop
    await turn();
    await turn();
    expect(starts).toBeGreaterThan(101);
    expect(sup.getSnapshot().status).toBe('active');
    sup.stop();
  });

  it('retries a restart that fails to start, counting each try, then gives up', () => {
    let starts = 0;
    // Starts once; every later start throws (its context cannot be built).
    const startsOnce = createMachine({
      context: () => {
        if ((starts += 1) > 1) throw new Error('cannot start again');
        return {};
      },
      on: {
        crash: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    });
    const { actor: sup } = startOnClock(createSupervisor({ maxRestarts: 3, children: [{ id: 'flaky', logic: startsOnce }] }));
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(r.context));
    childRef(sup, 'flaky').send({ type: 'crash' });
    expect(reports).toEqual(['child_terminated', 'start_error', 'start_error', 'start_error', 'shutdown']);
    expect(starts).toBe(4); // its start, then 3 restarts allowed by the intensity, each failing
    expect(SupervisorError.is(sup.getSnapshot().error, 'reached_max_restart_intensity')).toBe(true);
  });
});

describe('user code that throws where it should not', () => {
  it('stops at once a child whose otp.shutdown guard throws, and keeps supervising', async () => {
    const badGuard = createMachine({
      context: { cfg: undefined as undefined | { graceful: boolean } },
      initial: 'working',
      states: { working: { on: { 'otp.shutdown': { guard: ({ context }) => context.cfg!.graceful, target: 'done' } } }, done: { type: 'final' } },
    });
    const { actor: sup } = startOnClock(
      createSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: badGuard },
          { id: 'c', logic: worker() },
        ],
      }),
    );
    childRef(sup, 'c').send({ type: 'crash' });
    await settle();
    expect(sup.getSnapshot().status).toBe('active');
    expect(whichChildren(sup).map((c) => `${c.id}:${c.status}`)).toEqual(['a:running', 'c:running']);
  });

  it('reports a child whose cleanup throws as it is stopped (shutdown_error)', async () => {
    const sup = createActor(
      createSupervisor({
        children: [
          {
            id: 'bad',
            logic: fromCallback(() => () => {
              throw new Error('cleanup boom');
            }),
          },
        ],
      }),
    ).start();
    const reports: string[] = [];
    sup.on('supervisor.report', (r: SupervisorReportEvent) => reports.push(`${r.context} ${(r.reason as Error).message}`));
    await stopSupervisor(sup);
    expect(reports).toEqual(['shutdown_error cleanup boom']);
    expect(sup.getSnapshot().status).toBe('done');
  });
});

describe('calls given things that are not actors', () => {
  it.each([null, undefined, {}, 42, 'sup'])('stopSupervisor(%p) rejects with not_a_supervisor', async (value) => {
    await expect(stopSupervisor(value as never)).rejects.toMatchObject({ code: 'not_a_supervisor' });
  });

  it('monitor refuses a non-actor and a non-function', () => {
    expect(() => monitor(null as never, () => undefined)).toThrow('monitor: ref must be an actor, got null');
    const ref = createActor(worker()).start();
    expect(() => monitor(ref, 'notAFunction' as never)).toThrow("monitor: onDown must be a function, got 'notAFunction'");
  });

  it('monitor reports an actor that was already stopped as shutdown, at once', async () => {
    const stopped = createActor(createMachine({})).start();
    stopped.stop();
    const downs: ExitReason[] = [];
    monitor(stopped, (r) => downs.push(r));
    expect(downs).toEqual([{ kind: 'shutdown' }]);

    const pool = createActor(createDynamicSupervisor()).start();
    const promise = await startChild(pool, { id: 'p', logic: fromPromise(() => new Promise<void>(() => undefined)) });
    await stopSupervisor(pool);
    monitor(promise, (r) => downs.push(r));
    expect(downs).toEqual([{ kind: 'shutdown' }, { kind: 'shutdown' }]);
  });
});
