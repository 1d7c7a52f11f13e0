// launchDarklyFlags on the real LaunchDarkly SDK (TestData, FileDataSource): the source, then a breaker on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { init } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { FlagSourceError, launchDarklyFlags } from '@xstate-otp/circuit-breaker';
import { waitFor } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { fileDataFixture, offlineOptions, testDataFixture } from './support/launchDarkly';

const shard = (key: string) => ({ kind: 'service', key });

describe('launchDarklyFlags', () => {
  it("evaluates each child with its own context, so one flag can target one child", async () => {
    const ld = await testDataFixture();
    ld.td.update(ld.td.flag('consumers').booleanFlag().variationForAll(true).variationForContext('service', 'shard-7', false));
    const flags = launchDarklyFlags(ld.client);
    expect(await flags.evaluate('consumers', shard('shard-1'))).toBe(true);
    expect(await flags.evaluate('consumers', shard('shard-7'))).toBe(false);
    ld.close();
  });

  it('resolves undefined for a flag LaunchDarkly does not know', async () => {
    const ld = await testDataFixture();
    expect(await launchDarklyFlags(ld.client).evaluate('missing', shard('a'))).toBeUndefined();
    ld.close();
  });

  it.each([
    ['a string', 'on'],
    ['a number', 1],
    ['an object', { enabled: true }],
  ])('rejects with flag_not_boolean carrying the value when the flag holds %s', async (_, value) => {
    const ld = await testDataFixture({ odd: value });
    const error = await launchDarklyFlags(ld.client).evaluate('odd', shard('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagSourceError);
    expect(error).toMatchObject({ code: 'flag_not_boolean', flagKey: 'odd', value });
    expect((error as Error).message).toBe(`flag "odd" is not a boolean: ${inspect(value)}`);
    ld.close();
  });

  it('rejects with flag_source_unavailable while the client is not initialised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xstate-otp-flags-'));
    const files = new FileDataSourceFactory({ paths: [join(dir, 'absent.json')] });
    const client = init('never-ready', { ...offlineOptions, updateProcessor: files.getFactory() });
    await expect(client.waitForInitialization({ timeout: 5 })).rejects.toThrow();
    const error = await launchDarklyFlags(client).evaluate('a', shard('a')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'flag_source_unavailable', flagKey: 'a', message: 'flag "a" could not be evaluated: LaunchDarkly CLIENT_NOT_READY' });
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes 'update' events on as changed keys until unsubscribed", async () => {
    const ld = await testDataFixture({ a: true });
    const updates: string[] = [];
    ld.client.on('update', ({ key }: { key: string }) => updates.push(key));
    const seen: string[][] = [];
    const unsubscribe = launchDarklyFlags(ld.client).subscribe!((keys) => seen.push(keys));
    ld.set('a', false);
    ld.set('b', true);
    await waitFor('two updates', () => updates.length === 2, { timeoutMs: 2000 });
    unsubscribe();
    ld.set('a', true);
    await waitFor('the third update', () => updates.length === 3, { timeoutMs: 2000 });
    expect(seen).toEqual([['a'], ['b']]);
    ld.close();
  });

  it('offers no subscription with changeEvents: false', async () => {
    const ld = await testDataFixture();
    expect(launchDarklyFlags(ld.client, { changeEvents: false }).subscribe).toBeUndefined();
    ld.close();
  });

  it('sees a flags file edited in place through FileDataSource, with an update event', async () => {
    const ld = await fileDataFixture({ a: true });
    const flags = launchDarklyFlags(ld.client);
    const seen: string[] = [];
    const unsubscribe = flags.subscribe!((keys) => seen.push(...keys));
    expect(await flags.evaluate('a', shard('x'))).toBe(true);
    ld.set('a', false);
    await waitFor('the update event for a', () => seen.includes('a'), { timeoutMs: 2000 });
    expect(await flags.evaluate('a', shard('x'))).toBe(false);
    unsubscribe();
    ld.close();
  });
});


// C8: the same breaker test on TestData and on FileDataSource editing a flags file in place.
describe.each([
  ['TestData', testDataFixture],
  ['FileDataSource', fileDataFixture],
])('a circuit breaker on LaunchDarkly %s', (_, fixture) => {
  const children = (journal: Journal) => [
    { id: 'orders', logic: worker(journal, 0), flagKey: 'consumer.orders' },
    { id: 'refunds', logic: worker(journal, 0), flagKey: 'consumer.refunds' },
  ];

  it('stops and starts children as their flags are edited, through update events', async () => {
    const ld = await fixture({ 'consumer.orders': true, 'consumer.refunds': false });
    const journal = new Journal();
    const breaker = startBreaker({ flags: launchDarklyFlags(ld.client), checkIntervalMs: 60_000, children: children(journal) });
    await waitFor('orders to start', () => breaker.statuses().orders === 'running', { timeoutMs: 2000 });

    ld.set('consumer.orders', false);
    ld.set('consumer.refunds', true);
    await waitFor('orders off, refunds on', () => breaker.statuses().orders === 'off' && breaker.statuses().refunds === 'running', {
      timeoutMs: 2000,
    });
    ld.set('consumer.orders', true);
    await waitFor('orders on again', () => breaker.statuses().orders === 'running', { timeoutMs: 2000 });
    // Each child's own history is exact; refunds may start before or after orders has drained (its start
    // does not wait for that drain, and the two edits may reach the SDK as one update or two).
    expect(journal.entries.filter((e) => e.endsWith(' orders'))).toEqual(['start orders', 'draining orders', 'stop orders', 'start orders']);
    expect(journal.entries.filter((e) => e.endsWith(' refunds'))).toEqual(['start refunds']);
    ld.close();
  });

  it('converges by polling alone when change events are off', async () => {
    const ld = await fixture({ 'consumer.orders': false, 'consumer.refunds': false });
    const journal = new Journal();
    const breaker = startBreaker({ flags: launchDarklyFlags(ld.client, { changeEvents: false }), checkIntervalMs: 20, children: children(journal) });
    await waitFor('the first check', () => breaker.checks.length > 0, { timeoutMs: 2000 });
    ld.set('consumer.refunds', true);
    await waitFor('refunds to start', () => breaker.statuses().refunds === 'running', { timeoutMs: 2000 });
    expect(journal.entries).toEqual(['start refunds']);
    ld.close();
  });
});

describe('a circuit breaker on LaunchDarkly targeting', () => {
  it('turns off the one child a flag targets, since each child is evaluated with its own context', async () => {
    const ld = await testDataFixture();
    ld.td.update(ld.td.flag('shards').booleanFlag().variationForAll(true));
    const journal = new Journal();
    const shard = (id: string) => ({ id, logic: worker(journal, 0), flagKey: 'shards' });
    const breaker = startBreaker({ flags: launchDarklyFlags(ld.client), checkIntervalMs: 60_000, children: [shard('shard-1'), shard('shard-2'), shard('shard-3')] });
    await waitFor('three shards', () => breaker.checks.at(-1)?.running === 3, { timeoutMs: 2000 });
    ld.td.update(ld.td.flag('shards').booleanFlag().variationForAll(true).variationForContext('service', 'shard-2', false));
    await waitFor('shard-2 off', () => breaker.statuses()['shard-2'] === 'off', { timeoutMs: 2000 });
    expect(breaker.statuses()).toEqual({ 'shard-1': 'running', 'shard-2': 'off', 'shard-3': 'running' });
    ld.close();
  });
});
