// What counts as a restart on the dashboard: a supervisor starting a child again after it exited, never an
// ordinary machine invoking the same step again (a shard consumer's fetch, handle and checkpoint steps).
import { assign, createActor, fromPromise, setup, type AnyActorRef } from 'xstate';
import { asSupervisor, createSupervisor } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type Dashboard } from '../src';
import { actorAt, childRef, paths } from './support/workers';

let dashboard: Dashboard;
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(() => dashboard.close());

/** Invokes its `fetch` step (always id `fetch`) `batches` times in a row, then idles; `crash` throws. */
const poller = (batches: number) =>
  setup({
    types: {} as { context: { fetched: number }; events: { type: 'crash' } },
    actors: { fetch: fromPromise(async () => 'records') },
  }).createMachine({
    id: 'poller',
    context: { fetched: 0 },
    initial: 'fetching',
    states: {
      fetching: {
        invoke: {
          id: 'fetch',
          src: 'fetch',
          onDone: { target: 'checking', actions: assign({ fetched: ({ context }) => context.fetched + 1 }) },
        },
      },
      checking: { always: [{ guard: ({ context }) => context.fetched < batches, target: 'fetching' }, { target: 'idle' }] },
      idle: {
        on: {
          crash: {
            actions: () => {
              throw new Error('poller crashed');
            },
          },
        },
      },
    },
  });

/** Invokes `job`, which fails `failures` times, again after each failure (same id), until it succeeds. */
function retrying(failures: number) {
  let attempts = 0;
  return setup({
    actors: {
      job: fromPromise(async () => {
        attempts += 1;
        if (attempts <= failures) throw new Error(`attempt ${attempts} failed`);
        return 'ok';
      }),
    },
  }).createMachine({
    id: 'retrier',
    initial: 'running',
    states: {
      running: { invoke: { id: 'job', src: 'job', onError: { target: 'running', reenter: true }, onDone: 'finished' } },
      finished: {},
    },
  });
}

const counts = (path: string) => {
  const { status, restarts, crashes, lastError } = actorAt(dashboard.view(), path);
  return { status, restarts, crashes, lastError };
};

describe('restarts', () => {
  it('are not counted when an ordinary machine invokes the same step again', async () => {
    const app = createActor(createSupervisor({ children: [{ id: 'shard', logic: poller(50) }] }), { id: 'app', inspect: dashboard.inspect }).start();
    await waitFor('50 batches fetched', () => childRef(app, 'shard').getSnapshot().value === 'idle');
    expect(paths(dashboard.view())).toEqual(['app', 'app/shard', 'app/shard/fetch']);
    expect(counts('app/shard')).toEqual({ status: 'active', restarts: 0, crashes: 0, lastError: undefined });
    expect(counts('app/shard/fetch')).toEqual({ status: 'done', restarts: 0, crashes: 0, lastError: undefined });
    expect(dashboard.view().actors.reduce((sum, a) => sum + a.restarts, 0)).toBe(0);
    app.stop();
  });

  it('are counted when a supervisor restarts a child that crashed, and not for the steps the new one invokes', async () => {
    const app = createActor(createSupervisor({ children: [{ id: 'shard', logic: poller(3) }] }), { id: 'app', inspect: dashboard.inspect }).start();
    await waitFor('3 batches fetched', () => childRef(app, 'shard').getSnapshot().value === 'idle');
    const crashed: AnyActorRef = childRef(app, 'shard');
    crashed.send({ type: 'crash' });
    await waitFor('3 batches fetched again', () => childRef(app, 'shard') !== crashed && childRef(app, 'shard').getSnapshot().value === 'idle');
    expect(counts('app/shard')).toEqual({ status: 'active', restarts: 1, crashes: 1, lastError: 'Error: poller crashed' });
    expect(counts('app/shard/fetch')).toEqual({ status: 'done', restarts: 0, crashes: 0, lastError: undefined });
    expect(dashboard.view().actors.reduce((sum, a) => sum + a.restarts, 0)).toBe(1);
    app.stop();
  });

  it.each([
    ['an ordinary machine', false, 0],
    ['a machine marked with asSupervisor', true, 3],
  ])('of a step that failed and was invoked again by %s: %p -> %p', async (_, marked, restarts) => {
    const logic = marked ? asSupervisor(retrying(3)) : retrying(3);
    const actor = createActor(logic, { id: 'retrier', inspect: dashboard.inspect }).start();
    await waitFor('the job to succeed', () => actor.getSnapshot().value === 'finished');
    expect(counts('retrier/job')).toEqual({ status: 'done', restarts, crashes: 3, lastError: 'Error: attempt 3 failed' });
    actor.stop();
  });
});
