// Strings from user code (actor ids, error messages, payloads) reach the page as data only: they cannot forge
// a server-sent event frame, and the page's HTML never contains them.
import { createActor } from 'xstate';
import { createSupervisor } from '@xstate-otp/core';
import { waitFor } from '@xstate-otp/test-kit';
import { serveDashboard, type ActorView, type Dashboard } from '../src';
import { connectEventStream, type EventStreamClient } from './support/eventStreamClient';
import { HOSTILE } from './support/hostile';
import { httpGet } from './support/httpGet';
import { childRef, worker } from './support/workers';

let dashboard: Dashboard;
let stream: EventStreamClient;
beforeEach(async () => {
  dashboard = await serveDashboard();
  stream = await connectEventStream(dashboard.url);
});
afterEach(async () => {
  stream.close();
  await dashboard.close();
});

describe('hostile strings', () => {
  it('travel in one data line per frame and arrive exactly as they were', async () => {
    const app = createActor(createSupervisor({ children: [{ id: HOSTILE, logic: worker }] }), { id: 'app', inspect: dashboard.inspect }).start();
    childRef(app, HOSTILE).send({ type: 'crash', message: HOSTILE });
    await waitFor('the crash pushed', () => stream.views('update').some((v) => v.actors.some((a) => a.id === HOSTILE && a.crashes === 1)));

    expect(stream.frames.every((f) => f.data.length === 1)).toBe(true);
    expect(stream.frames.map((f) => f.event)).toEqual(['state', ...stream.frames.slice(1).map(() => 'update')]);
    const child = stream.views('update').flatMap((v) => v.actors).filter((a) => a.id === HOSTILE).at(-1)!;
    expect({ id: child.id, lastError: child.lastError }).toEqual({ id: HOSTILE, lastError: `Error: ${HOSTILE}` });
    const parent = stream.views('update').flatMap((v) => v.actors).filter((a) => a.id === 'app').at(-1)!;
    const details = JSON.parse((await httpGet(`${dashboard.url}actor.json?key=${parent.key}`)).body) as ActorView;
    expect(details.events.at(-1)!.type).toBe(`xstate.error.actor.${HOSTILE}`);

    const page = await httpGet(dashboard.url);
    expect(page.body).not.toContain('pwned');
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    app.stop();
  });
});
