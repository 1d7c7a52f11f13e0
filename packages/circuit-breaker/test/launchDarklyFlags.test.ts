// launchDarklyFlags on the real LaunchDarkly SDK: per-child contexts, value mapping, outages, update events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { FlagSourceError, launchDarklyFlags } from '@xstate-otp/circuit-breaker';
import { fileDataFixture, offlineOptions, testDataFixture } from './support/launchDarkly';
import { waitFor } from './support/waitFor';

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
    expect((error as Error).message).toBe(`flag "odd" is not a boolean: ${JSON.stringify(value)}`);
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
    const seen: string[][] = [];
    const unsubscribe = launchDarklyFlags(ld.client).subscribe!((keys) => seen.push(keys));
    ld.set('a', false);
    ld.set('b', true);
    unsubscribe();
    ld.set('a', true);
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
    await waitFor('the update event for a', () => seen.includes('a'));
    expect(await flags.evaluate('a', shard('x'))).toBe(false);
    unsubscribe();
    ld.close();
  });

});

