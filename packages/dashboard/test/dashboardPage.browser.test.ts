// The page in a real browser (headless Chromium through playwright-core) while a supervision tree runs:
// what it shows after a crash, a flag turned off, a shard's batches and a hostile actor id.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createActor, type AnyActorRef } from 'xstate';
import { createSupervisor } from '@xstate-otp/core';
import { breakerChildren, createCircuitBreaker, memoryFlags } from '@xstate-otp/circuit-breaker';
import { createShardConsumer, memoryCheckpoints } from '@xstate-otp/circuit-breaker/kinesis';
import { serveDashboard, type Dashboard } from '../src';
import { HOSTILE } from './support/hostile';
import { startLocalKinesis, type LocalKinesis } from './support/localKinesis';
import { childRef, worker } from './support/workers';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
const WAIT = { timeout: 15_000 };

let kinesis: LocalKinesis;
let dashboard: Dashboard;
let app: AnyActorRef;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;
let shardId: string;
const flags = memoryFlags({ 'consumer.orders': true, 'consumer.refunds': true });

beforeAll(async () => {
  kinesis = await startLocalKinesis();
  [shardId] = await kinesis.createStream('payments', 1);
  await kinesis.put('payments', ['p1', 'p2', 'p3']);
  dashboard = await serveDashboard();
  app = createActor(
    createSupervisor({
      maxRestarts: 10,
      children: [
        { id: 'db', logic: worker },
        {
          id: 'consumers',
          type: 'supervisor',
          logic: createCircuitBreaker({
            flags,
            children: [
              { id: 'orders', logic: worker, flagKey: 'consumer.orders' },
              { id: 'refunds', logic: worker, flagKey: 'consumer.refunds' },
            ],
          }),
        },
        {
          id: shardId,
          logic: createShardConsumer({
            client: kinesis.client,
            streamName: 'payments',
            shardId,
            checkpoints: memoryCheckpoints(),
            startingPosition: 'TRIM_HORIZON',
            idleTimeBetweenReadsMs: 50,
            handler: async () => undefined,
          }),
        },
        { id: 'untrusted', type: 'supervisor', logic: createSupervisor({ children: [{ id: HOSTILE, logic: worker }] }) },
      ],
    }),
    { id: 'app', inspect: dashboard.inspect },
  ).start();
  userDataDir = await mkdtemp(join(tmpdir(), 'dashboard-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(dashboard.url);
});

afterAll(async () => {
  await browser?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  app?.stop();
  await dashboard?.close();
  await kinesis?.close();
});

/** The row of the tree node at a path of ids, e.g. row('app', 'db'). */
function row(...ids: string[]) {
  const selector = ids.map((id) => `li.node[data-id="${id}"]`).join(' > ul > ');
  return page.locator(`${selector} > .row`);
}

/** Waits until the element shows exactly `text`, then returns it. */
async function shows(locator: ReturnType<Page['locator']>, text: string): Promise<string | null> {
  await locator.filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor(WAIT);
  return locator.textContent();
}

const breakerRow = (id: string) => page.locator(`li.node[data-id="consumers"] > table.breaker tr.breaker-child[data-child-id="${id}"]`);

describe('the dashboard page', () => {
  it('shows the tree live, then a crash, then a flag turned off, then a shard’s batches, escaping every string', async () => {
    await shows(page.locator('#connection'), 'live');
    await shows(row('app', 'db').locator('.status'), 'active');
    expect(await row('app').locator('.kind').textContent()).toBe('supervisor');
    expect(await row('app', 'db').locator('.value').textContent()).toBe('running');
    expect(await row('app', 'db').locator('.crashes').isVisible()).toBe(false);
    await shows(breakerRow('orders').locator('.child-status'), 'running');
    expect(await breakerRow('orders').locator('td').allTextContents()).toEqual(['orders', 'consumer.orders', 'on', 'running', '0', '']);
    expect(await page.locator('table.breaker').count()).toBe(1);

    // A crash: the supervisor restarts db; the page shows the restart, the crash and its message.
    childRef(app, 'db').send({ type: 'crash', message: 'disk full' });
    await shows(row('app', 'db').locator('.crashes'), 'crashes 1');
    expect(await row('app', 'db').locator('.restarts').textContent()).toBe('restarts 1');
    // It runs again: the error is its last one, not its status.
    expect(await row('app', 'db').locator('.last-error').textContent()).toBe('last error: Error: disk full');
    expect(await row('app', 'db').locator('.last-error').getAttribute('class')).toBe('last-error');
    expect(await row('app', 'db').locator('.status').textContent()).toBe('active');

    // A flag turned off: the breaker stops its child, and says so.
    flags.set('consumer.orders', false);
    await shows(breakerRow('orders').locator('.child-status'), 'off');
    expect(await breakerRow('orders').locator('td').allTextContents()).toEqual(['orders', 'consumer.orders', 'off', 'off', '0', '']);
    expect(await breakerRow('refunds').locator('td').allTextContents()).toEqual(['refunds', 'consumer.refunds', 'on', 'running', '0', '']);
    await shows(row('app', 'consumers', 'circuitBreaker', 'children', 'orders').locator('.status'), 'stopped');

    // A breaker child that crashes is marked crashed, in the table and on its own node.
    breakerChildren(childRef(app, 'consumers')).find((c) => c.id === 'refunds')!.ref!.send({ type: 'crash', message: 'refund api down' });
    await shows(breakerRow('refunds').locator('.child-status'), 'crashed');
    expect(await breakerRow('refunds').locator('td').allTextContents()).toEqual([
      'refunds',
      'consumer.refunds',
      'on',
      'crashed',
      '1',
      'Error: refund api down',
    ]);

    // The shard consumer: records handled, its checkpoint, and the time since its last batch.
    await shows(row('app', shardId).locator('.records'), '3 records');
    expect(await row('app', shardId).locator('.checkpoint').textContent()).toMatch(/^checkpoint \d+$/);
    expect(await row('app', shardId).locator('.since').textContent()).toMatch(/^last batch \d+(\.\d)? (ms|s) ago$/);

    // A hostile id and error message are shown as text: no element, no script ran.
    childRef(childRef(app, 'untrusted'), HOSTILE).send({ type: 'crash', message: HOSTILE });
    const hostileRow = page.locator('li.node[data-id="untrusted"] > ul > li.node[data-kind="machine"] > .row');
    await shows(hostileRow.locator('.crashes'), 'crashes 1');
    expect(await hostileRow.locator('.id').textContent()).toBe(HOSTILE);
    expect(await hostileRow.locator('.last-error').textContent()).toBe(`last error: Error: ${HOSTILE}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();

    // Details of a node open on click: its context and the events it received.
    await row('app').click();
    await page.locator('li.node[data-id="app"] > .details').waitFor(WAIT);
    expect(await page.locator('li.node[data-id="app"] > .details pre.context').textContent()).toBe('{supervision: [Supervision]}');
    expect(await page.locator('li.node[data-id="app"] > .details td.type').allTextContents()).toContain('xstate.error.actor.db');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });
});
