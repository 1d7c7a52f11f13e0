// Real LaunchDarkly SDK clients on offline data sources (TestData, FileDataSource on a temp file) for tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicLogger, init, type LDClient, type LDOptions } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory, TestData } from '@launchdarkly/node-server-sdk/integrations';

/** A LaunchDarkly client whose flag values a test sets; each value applies to every context. */
export interface LaunchDarklyFixture {
  readonly name: string;
  readonly client: LDClient;
  /** Changes a flag; the client sees it at once (TestData) or after fs.watch fires (FileDataSource). */
  set(flagKey: string, value: unknown): void;
  close(): void;
}

/** Options every offline test client shares: no network, no analytics, no SDK log noise. */
export const offlineOptions: LDOptions = { sendEvents: false, diagnosticOptOut: true, logger: basicLogger({ level: 'none' }) };

/** A client on TestData, initialised before it is returned. */
export async function testDataFixture(flags: Record<string, unknown> = {}): Promise<LaunchDarklyFixture & { td: TestData }> {
  const td = new TestData();
  const set = (flagKey: string, value: unknown) => {
    td.update(typeof value === 'boolean' ? td.flag(flagKey).booleanFlag().variationForAll(value) : td.flag(flagKey).valueForAll(value));
  };
  for (const [flagKey, value] of Object.entries(flags)) set(flagKey, value);
  const client = init('test-data-key', { ...offlineOptions, updateProcessor: td.getFactory() });
  await client.waitForInitialization({ timeout: 5 });
  return { name: 'TestData', td, client, set, close: () => client.close() };
}

/**
 * A client on FileDataSource watching a temp flags file. `set` rewrites the file in place: an atomic
 * replace (write a temp file, rename it) would stop fs.watch and every later reload.
 */
export async function fileDataFixture(flags: Record<string, unknown> = {}): Promise<LaunchDarklyFixture & { path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xstate-otp-flags-'));
  const path = join(dir, 'flags.json');
  const values = { ...flags };
  const write = () => writeFileSync(path, JSON.stringify({ flagValues: values }));
  write();
  const files = new FileDataSourceFactory({ paths: [path], autoUpdate: true });
  const client = init('file-data-key', { ...offlineOptions, updateProcessor: files.getFactory() });
  await client.waitForInitialization({ timeout: 5 });
  return {
    name: 'FileDataSource',
    path,
    client,
    set(flagKey, value) {
      values[flagKey] = value;
      write();
    },
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
