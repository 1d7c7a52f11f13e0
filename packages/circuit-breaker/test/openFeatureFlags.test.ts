// openFeatureFlags on the real OpenFeature SDK (TypedInMemoryProvider, LaunchDarkly's provider): the source, then a breaker on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as LaunchDarklyOpenFeature from '@launchdarkly/openfeature-node-server' with { 'resolution-mode': 'import' };
import { FileDataSourceFactory, TestData } from '@launchdarkly/node-server-sdk/integrations';
import { OpenFeature, TypedInMemoryProvider, type Client, type Provider } from '@openfeature/server-sdk';
import { FlagSourceError, openFeatureFlags } from '@xstate-otp/circuit-breaker';
import { recordingLogger, waitFor } from '@xstate-otp/test-kit';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { offlineOptions } from './support/launchDarkly';

// The provider ships ESM-flavoured typings for its CommonJS build (TS1479 on a static import), so
// this CommonJS test loads the CommonJS build with require and takes only the types from the import.
const { LaunchDarklyProvider } = require('@launchdarkly/openfeature-node-server') as typeof LaunchDarklyOpenFeature;

const shard = (key: string) => ({ kind: 'service', key });

let domains = 0;
// Each test gets its own OpenFeature domain: the API is a process-wide singleton.
async function clientOn(provider: Provider): Promise<Client> {
  const domain = `openFeatureFlags-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return OpenFeature.getClient(domain);
}

afterAll(() => OpenFeature.close());

describe('openFeatureFlags with TypedInMemoryProvider', () => {
  const provider = () =>
    new TypedInMemoryProvider({
      consumers: {
        variants: { on: true, off: false },
        defaultVariant: 'on',
        disabled: false,
        contextEvaluator: (context) => (context.targetingKey === 'shard-7' && context.kind === 'service' ? 'off' : 'on'),
      },
      paused: { variants: { on: true }, defaultVariant: 'on', disabled: true },
      mode: { variants: { fast: 'fast' }, defaultVariant: 'fast', disabled: false },
      level: { variants: { three: 3 }, defaultVariant: 'three', disabled: false },
    });

  it('evaluates each child with its context as { targetingKey, kind }', async () => {
    const flags = openFeatureFlags(await clientOn(provider()));
    expect(await flags.evaluate('consumers', shard('shard-1'))).toBe(true);
    expect(await flags.evaluate('consumers', shard('shard-7'))).toBe(false);
  });

  it('resolves a disabled flag to false and an unknown one to undefined', async () => {
    const flags = openFeatureFlags(await clientOn(provider()));
    expect(await flags.evaluate('paused', shard('a'))).toBe(false);
    expect(await flags.evaluate('missing', shard('a'))).toBeUndefined();
  });

  it.each([
    ['mode', 'fast'],
    ['level', 3],
  ])('rejects %s with flag_not_boolean carrying its value %p', async (flagKey, value) => {
    const flags = openFeatureFlags(await clientOn(provider()));
    const error = await flags.evaluate(flagKey, shard('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagSourceError);
    expect(error).toMatchObject({ code: 'flag_not_boolean', flagKey, value });
  });

  it('passes ConfigurationChanged flagsChanged on as changed keys until unsubscribed', async () => {
    const inMemory = provider();
    const client = await clientOn(inMemory);
    const seen: string[][] = [];
    const unsubscribe = openFeatureFlags(client).subscribe!((keys) => seen.push(keys));
    seen.length = 0; // Ready runs at once for a ready provider: "check everything"
    inMemory.putConfiguration({ consumers: { variants: { off: false }, defaultVariant: 'off', disabled: false } });
    unsubscribe();
    inMemory.putConfiguration({});
    expect(seen).toEqual([['consumers']]);
  });

  it('asks for a full check ([]) when the provider becomes ready', async () => {
    const client = await clientOn(provider());
    const seen: string[][] = [];
    openFeatureFlags(client).subscribe!((keys) => seen.push(keys))();
    expect(seen).toEqual([[]]);
  });
});

describe('openFeatureFlags with the LaunchDarkly OpenFeature provider', () => {
  it('evaluates per child and turns LaunchDarkly updates into changed keys', async () => {
    const td = new TestData();
    td.update(td.flag('consumers').booleanFlag().variationForAll(true).variationForContext('service', 'shard-7', false));
    const client = await clientOn(new LaunchDarklyProvider('of-test', { ...offlineOptions, updateProcessor: td.getFactory() }));
    const flags = openFeatureFlags(client);
    const seen: string[] = [];
    const unsubscribe = flags.subscribe!((keys) => seen.push(...keys));
    expect(await flags.evaluate('consumers', shard('shard-1'))).toBe(true);
    expect(await flags.evaluate('consumers', shard('shard-7'))).toBe(false);
    expect(await flags.evaluate('missing', shard('shard-1'))).toBeUndefined();
    td.update(td.flag('consumers').booleanFlag().variationForAll(false));
    await waitFor('the ConfigurationChanged event', () => seen.includes('consumers'), { timeoutMs: 2000 });
    expect(await flags.evaluate('consumers', shard('shard-1'))).toBe(false);
    td.update(td.flag('mode').valueForAll('fast'));
    await expect(flags.evaluate('mode', shard('shard-1'))).rejects.toMatchObject({ code: 'flag_not_boolean', value: 'fast' });
    unsubscribe();
  });

  it('rejects with flag_source_unavailable when the LaunchDarkly client never initialised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xstate-otp-flags-'));
    const files = new FileDataSourceFactory({ paths: [join(dir, 'absent.json')] });
    await expect(
      OpenFeature.setProviderAndWait('never-ready', new LaunchDarklyProvider('of-broken', { ...offlineOptions, updateProcessor: files.getFactory() })),
    ).rejects.toThrow();
    const client = OpenFeature.getClient('never-ready');
    const error = await openFeatureFlags(client).evaluate('consumers', shard('a')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'flag_source_unavailable', flagKey: 'consumers' });
    expect((error as Error).message).toMatch(/^flag "consumers" could not be evaluated: OpenFeature PROVIDER_(NOT_READY|FATAL)/);
    rmSync(dir, { recursive: true, force: true });
  });
});

// C9: the breaker's rules hold through OpenFeature, on its in-memory provider and on LaunchDarkly's.
describe('a circuit breaker on OpenFeature', () => {
  const booleanFlag = (on: boolean) => ({ variants: { on: true, off: false }, defaultVariant: on ? ('on' as const) : ('off' as const), disabled: false });

  it('stops, starts, keeps a crashed child down and counts unknown or non-boolean flags as off (TypedInMemoryProvider)', async () => {
    const provider = new TypedInMemoryProvider({ a: booleanFlag(true), b: booleanFlag(false) });
    const journal = new Journal();
    const logger = recordingLogger();
    const breaker = startBreaker({
      flags: openFeatureFlags(await clientOn(provider)),
      logger,
      checkIntervalMs: 60_000,
      children: [
        { id: 'A', logic: worker(journal, 0), flagKey: 'a' },
        { id: 'B', logic: worker(journal, 0), flagKey: 'b' },
        { id: 'C', logic: worker(journal, 0), flagKey: 'c' },
      ],
    });
    await waitFor('A to start', () => breaker.statuses().A === 'running', { timeoutMs: 2000 });

    provider.putConfiguration({ a: booleanFlag(false), b: booleanFlag(true) });
    await waitFor('A off, B on', () => breaker.statuses().A === 'off' && breaker.statuses().B === 'running', { timeoutMs: 2000 });
    breaker.child('B').ref!.send({ type: 'crash' });
    provider.putConfiguration({ a: booleanFlag(false), b: booleanFlag(true), c: { variants: { s: 'on' }, defaultVariant: 's', disabled: false } });
    await waitFor('the check of c', () => logger.at('warn', 'not a boolean').length > 0, { timeoutMs: 2000 });
    expect(breaker.statuses()).toEqual({ A: 'off', B: 'crashed', C: 'off' });
    expect(journal.entries).toEqual(['start A', 'draining A', 'start B', 'stop A']);
    expect(logger.at('warn').map((l) => l.message)).toEqual([
      "circuit breaker: flag 'c' is unknown to the flag source; child 'C' counts as off",
      "circuit breaker: flag 'c' is not a boolean ('on'); child 'C' counts as off",
    ]);
  });

  it('stops and starts a child through the LaunchDarkly OpenFeature provider', async () => {
    const td = new TestData();
    td.update(td.flag('a').booleanFlag().variationForAll(true));
    const client = await clientOn(new LaunchDarklyProvider('of-breaker', { ...offlineOptions, updateProcessor: td.getFactory() }));
    const journal = new Journal();
    const breaker = startBreaker({ flags: openFeatureFlags(client), checkIntervalMs: 60_000, children: [{ id: 'A', logic: worker(journal, 0), flagKey: 'a' }] });
    await waitFor('A to start', () => breaker.statuses().A === 'running', { timeoutMs: 2000 });
    td.update(td.flag('a').booleanFlag().variationForAll(false));
    await waitFor('A off', () => breaker.statuses().A === 'off', { timeoutMs: 2000 });
    td.update(td.flag('a').booleanFlag().variationForAll(true));
    await waitFor('A on again', () => breaker.statuses().A === 'running', { timeoutMs: 2000 });
    expect(journal.entries).toEqual(['start A', 'draining A', 'stop A', 'start A']);
  });
});
