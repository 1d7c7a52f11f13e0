// What the dashboard keeps is bounded: events per actor, finished actors, and the length of every preview.
import { createActor, createMachine } from 'xstate';
import { createDynamicSupervisor, startChild, terminateChild } from '@xstate-otp/core';
import { serveDashboard, type Dashboard, type DashboardOptions } from '../src';
import { actorAt, paths, worker } from './support/workers';

let dashboard: Dashboard | undefined;
afterEach(() => dashboard?.close());

async function serve(options: DashboardOptions = {}): Promise<Dashboard> {
  dashboard = await serveDashboard(options);
  return dashboard;
}

describe('retention caps', () => {
  it('keeps the last maxEventsPerActor received events of each actor', async () => {
    const { inspect, view } = await serve({ maxEventsPerActor: 3 });
    const actor = createActor(worker, { id: 'w', inspect }).start();
    for (let n = 1; n <= 5; n++) actor.send({ type: 'ping', n });
    expect(actorAt(view(), 'w').events.map((e) => `${e.type} ${e.payload}`)).toEqual(['ping {n: 3}', 'ping {n: 4}', 'ping {n: 5}']);
    actor.stop();
  });

  it('forgets the oldest finished actors past maxFinishedActors, and keeps the running ones', async () => {
    const { inspect, view } = await serve({ maxFinishedActors: 2 });
    const pool = createActor(createDynamicSupervisor(), { id: 'pool', inspect }).start();
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) await startChild(pool, { id, logic: worker });
    for (const id of ['c1', 'c2', 'c3', 'c4']) await terminateChild(pool, id);
    expect(paths(view())).toEqual(['pool', 'pool/c3', 'pool/c4', 'pool/c5']);
    expect(['c3', 'c4', 'c5'].map((id) => actorAt(view(), `pool/${id}`).status)).toEqual(['stopped', 'stopped', 'active']);
    pool.stop();
  });

  it('bounds the previews of contexts and payloads, whatever user code puts in them', async () => {
    const { inspect, view } = await serve();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const machine = createMachine({
      id: 'hoarder',
      context: { blob: 'x'.repeat(10_000), items: Array.from({ length: 50 }, (_, i) => i), cyclic, when: new Date(0), bytes: new Uint8Array(4) },
      on: { big: {} },
    });
    const actor = createActor(machine, { id: 'hoarder', inspect }).start();
    actor.send({ type: 'big', payload: 'y'.repeat(10_000) });
    const hoarder = actorAt(view(), 'hoarder');
    expect(hoarder.context).toBe(
      `{blob: "${'x'.repeat(119)}…", items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 40 more], cyclic: {name: "loop", self: {name: "loop", self: {…}}}, when: 1970-01-01T00:00:00.000Z, bytes: Uint8Array(4)}`,
    );
    expect(hoarder.events.at(-1)).toEqual({ at: expect.any(Number), type: 'big', payload: `{payload: "${'y'.repeat(119)}…"}` });
    actor.stop();
  });

  it('cuts a long preview at 600 characters for a context and 300 for a payload', async () => {
    const { inspect, view } = await serve();
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key${i}`, 'z'.repeat(100)]));
    const actor = createActor(createMachine({ context: wide, on: { wide: {} } }), { id: 'wide', inspect }).start();
    actor.send({ type: 'wide', ...wide });
    const { context, events } = actorAt(view(), 'wide');
    const expected = `{${Object.keys(wide).map((key) => `${key}: "${'z'.repeat(100)}"`).join(', ')}}`;
    expect(context).toBe(`${expected.slice(0, 599)}…`);
    expect(events.at(-1)!.payload).toBe(`${expected.slice(0, 299)}…`);
    actor.stop();
  });
});
