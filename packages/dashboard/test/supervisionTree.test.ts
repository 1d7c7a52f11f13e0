// The actor tree the dashboard builds from inspection events: nesting, restarts, crashes and the last error.
import { createActor, createMachine, fromPromise, type AnyActorRef } from 'xstate';
import { createDynamicSupervisor, createSupervisor, startChild, terminateChild } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type Dashboard } from '../src';
import { actorAt, childRef, paths, worker } from './support/workers';

let dashboard: Dashboard;
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(() => dashboard.close());

function startApp(children: Parameters<typeof createSupervisor>[0]['children'], maxRestarts = 3): AnyActorRef {
  const app = createActor(createSupervisor({ maxRestarts, children }), { id: 'app', inspect: dashboard.inspect });
  // A root that escalates has no parent; its error is the test's to read.
  app.subscribe({ error: () => undefined });
  return app.start();
}

const nested = (maxRestarts = 3) => createSupervisor({ maxRestarts, children: [{ id: 'w1', logic: worker }, { id: 'w2', logic: worker }] });

describe('the actor tree', () => {
  it('nests each supervisor’s children under it, with kind, state value and status', () => {
    const app = startApp([
      { id: 'db', logic: worker },
      { id: 'workers', type: 'supervisor', logic: nested() },
    ]);
    const view = dashboard.view();
    expect(paths(view)).toEqual(['app', 'app/db', 'app/workers', 'app/workers/w1', 'app/workers/w2']);
    // A supervisor's state value is core's business; its kind, status and context are what the page relies on.
    expect(
      ['app', 'app/db', 'app/workers', 'app/workers/w1'].map((path) => {
        const { kind, machineId, status, context, restarts, crashes } = actorAt(view, path);
        return { path, kind, machineId, status, context, restarts, crashes };
      }),
    ).toEqual([
      { path: 'app', kind: 'supervisor', machineId: 'supervisor', status: 'active', context: '{supervision: [Supervision]}', restarts: 0, crashes: 0 },
      { path: 'app/db', kind: 'machine', machineId: 'worker', status: 'active', context: '{}', restarts: 0, crashes: 0 },
      { path: 'app/workers', kind: 'supervisor', machineId: 'supervisor', status: 'active', context: '{supervision: [Supervision]}', restarts: 0, crashes: 0 },
      { path: 'app/workers/w1', kind: 'machine', machineId: 'worker', status: 'active', context: '{}', restarts: 0, crashes: 0 },
    ]);
    expect(actorAt(view, 'app/db').value).toBe('running');
    expect(actorAt(view, 'app/db').sessionId).toBe(childRef(app, 'db').sessionId);
    app.stop();
  });

  it('keeps one entry per parent and id, counting restarts and crashes and keeping the last error', () => {
    const app = startApp([{ id: 'db', logic: worker }], 10);
    childRef(app, 'db').send({ type: 'crash', message: 'disk full' });
    childRef(app, 'db').send({ type: 'crash', message: 'disk still full' });
    const view = dashboard.view();
    expect(paths(view)).toEqual(['app', 'app/db']);
    const db = actorAt(view, 'app/db');
    expect({ status: db.status, restarts: db.restarts, crashes: db.crashes, lastError: db.lastError, sessionId: db.sessionId }).toEqual({
      status: 'active',
      restarts: 2,
      crashes: 2,
      lastError: 'Error: disk still full',
      sessionId: childRef(app, 'db').sessionId,
    });
    expect(actorAt(view, 'app').events.map((e) => [e.type, e.payload])).toEqual([
      ['xstate.init', '{input: undefined}'],
      ['xstate.error.actor.db', '{error: [Error: disk full], actorId: "db"}'],
      ['xstate.error.actor.db', '{error: [Error: disk still full], actorId: "db"}'],
    ]);
    app.stop();
  });

  it('counts a child supervisor’s escalation as its crash, and keeps its children’s counts across its restart', () => {
    const app = startApp([{ id: 'workers', type: 'supervisor', logic: nested(0) }]);
    childRef(childRef(app, 'workers'), 'w1').send({ type: 'crash' });
    const view = dashboard.view();
    expect(paths(view)).toEqual(['app', 'app/workers', 'app/workers/w1', 'app/workers/w2']);
    const counts = (path: string) => {
      const { status, restarts, crashes, lastError } = actorAt(view, path);
      return { status, restarts, crashes, lastError };
    };
    expect(counts('app/workers')).toEqual({
      status: 'active',
      restarts: 1,
      crashes: 1,
      lastError: "SupervisorError: supervisor 'workers' reached its restart intensity (more than 0 restarts in 5000 ms); last offender 'w1'",
    });
    expect(counts('app/workers/w1')).toEqual({ status: 'active', restarts: 1, crashes: 1, lastError: 'Error: w1 crashed' });
    // Stopped by its supervisor giving up, then started again with it: a restart, not a crash.
    expect(counts('app/workers/w2')).toEqual({ status: 'active', restarts: 1, crashes: 0, lastError: undefined });
    app.stop();
  });

  it('shows a nested state value as a dotted path and parallel regions in braces', () => {
    const machine = createMachine({
      id: 'player',
      type: 'parallel',
      states: {
        audio: { initial: 'playing', states: { playing: { initial: 'loud', states: { loud: { on: { quiet: 'soft' } }, soft: {} } } } },
        video: { initial: 'paused', states: { paused: {} } },
      },
    });
    const actor = createActor(machine, { id: 'player', inspect: dashboard.inspect }).start();
    expect(actorAt(dashboard.view(), 'player').value).toBe('{audio: playing.loud, video: paused}');
    actor.send({ type: 'quiet' });
    expect(actorAt(dashboard.view(), 'player').value).toBe('{audio: playing.soft, video: paused}');
    actor.stop();
    expect(actorAt(dashboard.view(), 'player').status).toBe('stopped');
  });

  it('shows the crash of a root supervisor, which no inspection event reports', () => {
    const app = startApp([{ id: 'db', logic: worker }], 0);
    childRef(app, 'db').send({ type: 'crash' });
    expect(app.getSnapshot().status).toBe('error');
    const root = actorAt(dashboard.view(), 'app');
    expect({ status: root.status, crashes: root.crashes, lastError: root.lastError }).toEqual({
      status: 'error',
      crashes: 1,
      lastError: "SupervisorError: supervisor 'app' reached its restart intensity (more than 0 restarts in 5000 ms); last offender 'db'",
    });
    expect(actorAt(dashboard.view(), 'app').crashes).toBe(1);
  });

  it('shows a dynamic supervisor’s children as they start, stop and crash', async () => {
    const pool = createActor(createDynamicSupervisor(), { id: 'pool', inspect: dashboard.inspect }).start();
    await startChild(pool, { id: 'c1', logic: worker });
    await startChild(pool, { id: 'c2', logic: worker, restart: 'temporary' });
    await startChild(pool, { id: 'job', logic: fromPromise(async () => Promise.reject(new Error('job failed'))), restart: 'temporary' });
    await terminateChild(pool, 'c1');
    await waitFor('the job to fail', () => actorAt(dashboard.view(), 'pool/job').status === 'error');
    const view = dashboard.view();
    expect(paths(view)).toEqual(['pool', 'pool/c1', 'pool/c2', 'pool/job']);
    expect(
      ['c1', 'c2', 'job'].map((id) => {
        const { kind, status, restarts, crashes, lastError } = actorAt(view, `pool/${id}`);
        return { id, kind, status, restarts, crashes, lastError };
      }),
    ).toEqual([
      { id: 'c1', kind: 'machine', status: 'stopped', restarts: 0, crashes: 0, lastError: undefined },
      { id: 'c2', kind: 'machine', status: 'active', restarts: 0, crashes: 0, lastError: undefined },
      { id: 'job', kind: 'actor', status: 'error', restarts: 0, crashes: 1, lastError: 'Error: job failed' },
    ]);
    pool.stop();
  });
});
