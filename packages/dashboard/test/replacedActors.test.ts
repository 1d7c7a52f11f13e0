// After a crash and a restart the tree shows what runs now: the new actor takes the old one's node (keeping
// its crash count and last error), and what the old incarnation left behind goes.
import { createActor, fromPromise, setup } from 'xstate';
import { createDynamicSupervisor, createSupervisor, escalate, startChild } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type Dashboard } from '../src';
import { connectEventStream } from './support/eventStreamClient';
import { actorAt, childRef, paths, worker } from './support/workers';

let dashboard: Dashboard;
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(() => dashboard.close());

/** Like a shard consumer: a `fetch` step, and on `fail` a `crashed` state that invokes core's escalate. */
const consumer = setup({
  types: {} as { events: { type: 'fail' } },
  actors: { fetch: fromPromise(async () => new Promise<never>(() => undefined)), escalate },
}).createMachine({
  id: 'consumer',
  initial: 'fetching',
  states: {
    fetching: { invoke: { id: 'fetch', src: 'fetch' }, on: { fail: 'crashed' } },
    crashed: { invoke: { id: 'escalate', src: 'escalate', input: () => new Error('iterator expired') } },
  },
});

const summary = (path: string) => {
  const { status, restarts, crashes, lastError } = actorAt(dashboard.view(), path);
  return { status, restarts, crashes, lastError };
};

describe('a replaced actor', () => {
  it('leaves no crashed step of its old incarnation under the new one, and keeps its crash as its last error', () => {
    const app = createActor(createSupervisor({ children: [{ id: 'shard', logic: consumer }] }), { id: 'app', inspect: dashboard.inspect }).start();
    childRef(app, 'shard').send({ type: 'fail' });
    expect(childRef(app, 'shard').getSnapshot().value).toBe('fetching');
    const view = dashboard.view();
    expect(paths(view)).toEqual(['app', 'app/shard', 'app/shard/fetch']);
    expect(summary('app/shard')).toEqual({ status: 'active', restarts: 1, crashes: 1, lastError: 'Error: iterator expired' });
    expect(summary('app/shard/fetch')).toEqual({ status: 'active', restarts: 0, crashes: 0, lastError: undefined });
    expect(view.actors.filter((a) => a.status !== 'active').map((a) => [a.id, a.status])).toEqual([]);
    app.stop();
  });

  it('goes with its parent’s old incarnation when the new parent does not start it again', async () => {
    // one_for_all: a crash of db restarts pool too, and a dynamic supervisor starts empty.
    const app = createActor(
      createSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'pool', logic: createDynamicSupervisor(), type: 'supervisor' },
          { id: 'db', logic: worker },
        ],
      }),
      { id: 'app', inspect: dashboard.inspect },
    ).start();
    const pool = childRef(app, 'pool');
    await startChild(pool, { id: 'c1', logic: worker });
    await startChild(pool, { id: 'job', logic: fromPromise(async () => Promise.reject(new Error('job failed'))), restart: 'temporary' });
    await waitFor('the job to fail', () => summary('app/pool/job').status === 'error');
    const stream = await connectEventStream(dashboard.url);
    await waitFor('the full view', () => stream.views('state').length === 1);
    const keyOf = (id: string) => stream.views('state')[0].actors.find((a) => a.id === id)!.key;
    const [c1, job] = [keyOf('c1'), keyOf('job')];

    childRef(app, 'db').send({ type: 'crash', message: 'db lost' });
    expect(paths(dashboard.view())).toEqual(['app', 'app/pool', 'app/db']);
    expect(summary('app/pool')).toEqual({ status: 'active', restarts: 1, crashes: 0, lastError: undefined });
    expect(summary('app/db')).toEqual({ status: 'active', restarts: 1, crashes: 1, lastError: 'Error: db lost' });
    await waitFor('the removal pushed', () => stream.views('update').some((v) => v.removed.length > 0));
    expect(stream.views('update').flatMap((v) => v.removed).sort()).toEqual([c1, job].sort());
    stream.close();
    app.stop();
  });

  it('goes when its parent stopped', async () => {
    const pool = createActor(createDynamicSupervisor(), { id: 'pool', inspect: dashboard.inspect }).start();
    await startChild(pool, { id: 'c1', logic: worker });
    expect(paths(dashboard.view())).toEqual(['pool', 'pool/c1']);
    pool.stop();
    expect(dashboard.view().actors.map((a) => [a.id, a.status])).toEqual([['pool', 'stopped']]);
  });
});
