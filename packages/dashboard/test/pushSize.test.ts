// What a push to the page costs: the actors whose summary changed, without their details (context, events),
// which the page asks /actor.json for when it shows them.
import { createActor } from 'xstate';
import { createSupervisor } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type ActorView, type Dashboard } from '../src';
import { connectEventStream, type EventStreamClient } from './support/eventStreamClient';
import { httpGet } from './support/httpGet';
import { actorAt, childRef, paths, worker } from './support/workers';

let dashboard: Dashboard;
let stream: EventStreamClient | undefined;
beforeEach(async () => {
  dashboard = await serveDashboard();
});
afterEach(async () => {
  stream?.close();
  await dashboard.close();
});

const WORKERS = 20;
const payload = (n: number) => ({ type: 'ping' as const, n, note: 'x'.repeat(250) });

describe('a push', () => {
  it('carries only the actors whose summary changed, without context or events, whatever they received', async () => {
    const ids = Array.from({ length: WORKERS }, (_, i) => `w${i}`);
    const app = createActor(createSupervisor({ maxRestarts: 10, children: ids.map((id) => ({ id, logic: worker })) }), {
      id: 'app',
      inspect: dashboard.inspect,
    }).start();
    for (const id of ids) for (let n = 0; n < 20; n++) childRef(app, id).send(payload(n));
    stream = await connectEventStream(dashboard.url);
    await waitFor('the full view', () => stream!.views('state').length === 1);
    const [state] = stream.views('state');
    expect(paths(state)).toEqual(['app', ...ids.map((id) => `app/${id}`)]);

    // Every worker receives 20 more events (nothing on the page changes), and one of them crashes.
    for (const id of ids) for (let n = 20; n < 40; n++) childRef(app, id).send(payload(n));
    childRef(app, 'w7').send({ type: 'crash', message: 'w7 lost' });
    await waitFor('the crash pushed', () => stream!.views('update').length > 0);
    const updates = stream.views('update');
    expect(updates.length).toBe(1);
    expect(updates[0].actors.map(({ id, status, restarts, crashes, lastError }) => ({ id, status, restarts, crashes, lastError }))).toEqual([
      { id: 'w7', status: 'active', restarts: 1, crashes: 1, lastError: 'Error: w7 lost' },
    ]);
    expect(stream.frames.flatMap((f) => (JSON.parse(f.data[0]) as { actors: object[] }).actors).filter((a) => 'context' in a || 'events' in a || 'emitted' in a)).toEqual([]);
    const bytes = Buffer.byteLength(stream.frames.at(-1)!.data[0]);
    expect(bytes).toBeLessThan(400);

    // The details are one request away.
    const details = JSON.parse((await httpGet(`${dashboard.url}actor.json?key=${updates[0].actors[0].key}`)).body) as ActorView;
    expect({ context: details.context, events: details.events.map((e) => e.type).slice(-3) }).toEqual({ context: '{}', events: ['ping', 'crash', 'xstate.init'] });
    const w8 = JSON.parse((await httpGet(`${dashboard.url}actor.json?key=${actorAt(state, 'app/w8').key}`)).body) as ActorView;
    expect(w8.events.map((e) => e.payload).slice(-1)).toEqual([`{n: 39, note: "${'x'.repeat(119)}…"}`]);
    expect((await httpGet(`${dashboard.url}actor.json?key=a9999`)).status).toBe(404);
    app.stop();
  });
});
