// The dashboard's server: where it listens, what it serves, how it pushes changes, and that close() leaves nothing behind.
import { createActor } from 'xstate';
import { createDynamicSupervisor, createSupervisor, startChild, terminateChild } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { DashboardError, serveDashboard, type Dashboard, type DashboardOptions, type DashboardView, type ActorSummaryView } from '../src';
import { connectEventStream, type EventStreamClient } from './support/eventStreamClient';
import { httpGet } from './support/httpGet';
import { childRef, worker } from './support/workers';

let dashboard: Dashboard | undefined;
let stream: EventStreamClient | undefined;
afterEach(async () => {
  stream?.close();
  stream = undefined;
  await dashboard?.close();
  dashboard = undefined;
});

async function serve(options?: DashboardOptions): Promise<Dashboard> {
  dashboard = await serveDashboard(options);
  return dashboard;
}

async function connect(d: Dashboard): Promise<EventStreamClient> {
  stream = await connectEventStream(d.url);
  await waitFor('the full view', () => stream!.views('state').length === 1);
  return stream;
}

const actorsIn = (views: DashboardView<ActorSummaryView>[], id: string) => views.flatMap((v) => v.actors.filter((a) => a.id === id));

describe('serveDashboard', () => {
  it('listens on 127.0.0.1 on a free port by default and serves the page, the event stream and /state.json', async () => {
    const d = await serve();
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/$/);
    const page = await httpGet(d.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'; script-src 'sha256-[\w+/=]+'; connect-src 'self';/);
    expect(page.body).toContain('<title>xstate-otp dashboard</title>');

    const app = createActor(worker, { id: 'solo', inspect: d.inspect }).start();
    const state = await httpGet(`${d.url}state.json`);
    expect(state.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((JSON.parse(state.body) as DashboardView).actors.map((a) => [a.id, a.status, a.value])).toEqual([['solo', 'active', 'running']]);

    const s = await connect(d);
    expect(s.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.views('state')[0].actors.map((a) => a.id)).toEqual(['solo']);
    expect((await httpGet(`${d.url}nope`)).status).toBe(404);
    expect((await httpGet(d.url, { method: 'POST' })).status).toBe(405);
    app.stop();
  });

  it('answers only requests whose Host header is a loopback name, when bound to a loopback address', async () => {
    const d = await serve();
    const port = new URL(d.url).port;
    expect((await httpGet(d.url, { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    expect((await httpGet(`${d.url}state.json`, { headers: { Host: `attacker.test` } })).status).toBe(403);
    expect((await httpGet(d.url, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await httpGet(d.url, { headers: { Host: `[::1]:${port}` } })).status).toBe(200);
  });

  it('pushes a burst of changes as one update with the actors that changed', async () => {
    const d = await serve();
    const app = createActor(createSupervisor({ maxRestarts: 100, children: [{ id: 'db', logic: worker }, { id: 'cache', logic: worker }] }), {
      id: 'app',
      inspect: d.inspect,
    }).start();
    const s = await connect(d);
    for (let i = 1; i <= 10; i++) childRef(app, 'db').send({ type: 'crash', message: `crash ${i}` });
    await waitFor('the update with the crashes', () => actorsIn(s.views('update'), 'db').length > 0);
    const updates = s.views('update');
    expect(updates.length).toBe(1);
    // app received the crashes, but nothing the page shows of it changed: it is left out.
    expect(updates[0].actors.map((a) => a.id)).toEqual(['db']);
    const [db] = actorsIn(updates, 'db');
    expect({ restarts: db.restarts, crashes: db.crashes, lastError: db.lastError, status: db.status }).toEqual({
      restarts: 10,
      crashes: 10,
      lastError: 'Error: crash 10',
      status: 'active',
    });
    app.stop();
  });

  it('pushes the crash of a root supervisor, which no inspection event reports', async () => {
    const d = await serve();
    const app = createActor(createSupervisor({ maxRestarts: 0, children: [{ id: 'db', logic: worker }] }), { id: 'app', inspect: d.inspect });
    app.subscribe({ error: () => undefined });
    app.start();
    const s = await connect(d);
    childRef(app, 'db').send({ type: 'crash' });
    await waitFor('the root crash', () => actorsIn(s.views('update'), 'app').some((a) => a.status === 'error'), { timeoutMs: 3000 });
    const root = actorsIn(s.views('update'), 'app').find((a) => a.status === 'error')!;
    expect({ crashes: root.crashes, lastError: root.lastError }).toEqual({
      crashes: 1,
      lastError: "SupervisorError: supervisor 'app' reached its restart intensity (more than 0 restarts in 5000 ms); last offender 'db'",
    });
  });

  it('tells the page which finished actors it forgot', async () => {
    const d = await serve({ maxFinishedActors: 1 });
    const pool = createActor(createDynamicSupervisor(), { id: 'pool', inspect: d.inspect }).start();
    await startChild(pool, { id: 'c1', logic: worker });
    await startChild(pool, { id: 'c2', logic: worker });
    const s = await connect(d);
    const c1 = s.views('state')[0].actors.find((a) => a.id === 'c1')!.key;
    await terminateChild(pool, 'c1');
    await terminateChild(pool, 'c2');
    await waitFor('c1 removed', () => s.views('update').some((v) => v.removed.includes(c1)));
    expect(s.views('update').flatMap((v) => v.removed)).toEqual([c1]);
    pool.stop();
  });

  it.each<[DashboardOptions, string]>([
    [{ port: -1 }, 'serveDashboard: options.port must be an integer from 0 to 65535, got -1'],
    [{ port: 70000 }, 'serveDashboard: options.port must be an integer from 0 to 65535, got 70000'],
    [{ port: '4000' as unknown as number }, "serveDashboard: options.port must be an integer from 0 to 65535, got '4000'"],
    [{ host: '' }, "serveDashboard: options.host must be a non-empty string, got ''"],
    [{ throttleMs: 251 }, 'serveDashboard: options.throttleMs must be an integer from 0 to 250, got 251'],
    [{ maxEventsPerActor: 1.5 }, 'serveDashboard: options.maxEventsPerActor must be an integer from 0 to 10000, got 1.5'],
    [{ maxFinishedActors: 0 }, 'serveDashboard: options.maxFinishedActors must be an integer from 1 to 1000000, got 0'],
  ])('throws DashboardError invalid_option for %p, naming the field and the value', (options, message) => {
    expect(() => serveDashboard(options)).toThrow(new DashboardError('invalid_option', message));
    expect(() => serveDashboard(options)).toThrow(expect.objectContaining({ code: 'invalid_option', name: 'DashboardError' }));
  });

  it('rejects with Node’s EADDRINUSE when the port is taken', async () => {
    const d = await serve();
    await expect(serveDashboard({ port: Number(new URL(d.url).port) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close() ends every stream, stops recording, and leaves no server or socket behind', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
    const d = await serveDashboard();
    const app = createActor(worker, { id: 'w', inspect: d.inspect }).start();
    const s = await connectEventStream(d.url);
    await waitFor('the full view', () => s.views('state').length === 1);
    app.send({ type: 'ping' });
    await d.close();
    await s.ended;
    const after = createActor(worker, { id: 'late', inspect: d.inspect }).start();
    expect(d.view().actors.map((a) => a.id)).toEqual(['w']);
    await expect(httpGet(d.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // Process-wide: sockets of earlier tests that are still closing count too, so this waits for none at all.
    await waitFor('no server or socket left', () => sockets() === 0);
    app.stop();
    after.stop();
  });
});
