// The main job (`npm start`): a flag-controlled Kinesis pipeline, on embedded local services by default.
import type { InspectionEvent } from 'xstate';
import type { Logger } from '@xstate-otp/core';
import { startInspection } from './inspection';
import { startLaunchDarkly } from './launchDarkly';
import { Ledger, type Reconciliation } from './ledger';
import { PIPELINE_CONTEXT, startPipeline } from './pipeline';
import { Producer } from './producer';
import { startServices } from './services';
import { HELP, readSettings, SettingsError, type Settings } from './settings';
import { startView } from './view';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The summary lines, and whether nothing was lost. */
export function summarize(produced: number, results: Reconciliation[]): { lines: string[]; ok: boolean } {
  const lines = [`summary: produced ${produced} orders`];
  for (const r of results) {
    lines.push(
      `  ${r.consumer.padEnd(7)} handled ${r.handled}, replays ${r.duplicates}, dead-lettered ${r.deadLettered}, pending ${r.pending}, lost ${r.lost}` +
        (r.lost > 0 ? ` (${r.lostOrderIds.slice(0, 5).join(', ')}${r.lost > 5 ? ', ...' : ''})` : ''),
    );
  }
  const lost = results.reduce((sum, r) => sum + r.lost, 0);
  lines.push(`${lost} lost`);
  return { lines, ok: lost === 0 };
}

async function run(settings: Settings): Promise<number> {
  const tty = process.stdout.isTTY === true;
  let view: { log(line: string): void; stop(): void } | undefined;
  const log = (line: string) => (view ? view.log(line) : console.log(line));
  const logger: Logger = {
    error: (message, meta) => log(`ERROR ${message}${meta?.reason ? `: ${describeReason(meta.reason)}` : ''}`),
    warn: (message) => log(`WARN  ${message}`),
    info: () => undefined,
    debug: () => undefined,
  };

  // What started is closed again if a later step cannot start (a port in use, a bad flags folder...).
  const started: Array<() => unknown> = [];
  let services, flags, inspection;
  try {
    services = await startServices(settings);
    started.push(services.close);
    flags = await startLaunchDarkly(settings, (message) => log(`WARN  ${message}`));
    started.push(flags.close);
    inspection = await startInspection(settings, log);
  } catch (err) {
    for (const close of started.reverse()) await close();
    throw err instanceof SettingsError ? err : new SettingsError(`cannot start: ${errorText(err)}`);
  }
  const ledger = new Ledger();
  const pipeline = startPipeline({
    services,
    ldClient: flags.client,
    ledger,
    logger,
    inspect: inspection.inspect as ((event: InspectionEvent) => void) | undefined,
    onStatus: (child, previous) =>
      log(`[breaker] ${child.id} ${previous ? `${previous} -> ` : ''}${child.status} (flag ${child.flagKey}=${String(child.enabled)})`),
  });
  pipeline.breaker.on('circuitBreaker.crash', (e: { id: string; error: unknown; crashes: number }) =>
    log(`[breaker] ${e.id} crashed (${e.crashes} so far): ${errorText(e.error)}; cycle its flag to bring it back`),
  );

  const producer = settings.produce
    ? new Producer({ kinesis: services.kinesis, streamName: services.streamName, ratePerSecond: settings.rate, ledger, onError: (err) => log(`WARN  producer: ${errorText(err)}`) })
    : undefined;
  if (producer) {
    producer.start();
    let poison = false;
    flags.client.on('update:poison-orders', async () => {
      const on = await flags.client.variation('poison-orders', PIPELINE_CONTEXT, false);
      if (on && !poison) {
        log('[producer] writing one poison order');
        producer.injectPoison();
      }
      poison = on === true;
    });
  }

  log(`orders pipeline: stream '${services.streamName}' (${services.where}), flags ${flags.flagsPath ?? 'from LaunchDarkly'}`);
  if (inspection.url) log(`dashboard: ${inspection.url}`);
  const startedAt = Date.now();
  view = startView(
    { children: pipeline.children, ledger, checkpoints: pipeline.checkpoints, startedAt, dashboardUrl: inspection.url, flagsPath: flags.flagsPath },
    tty,
  );

  // Listeners stay attached for the whole run: log-update's signal-exit re-raises a signal that it finds no
  // other listener for, which would kill the process before the graceful stop. A second signal means: now.
  let stopping = false;
  const reason = await new Promise<string>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (settings.durationS !== undefined) {
      setTimeout(() => {
        stopping = true;
        resolve(`--duration ${settings.durationS}`);
      }, settings.durationS * 1000).unref();
    }
  });

  log(`${reason}: stopping the producer, letting the consumers catch up, then stopping them gracefully`);
  await producer?.stop();
  await pipeline.drain(15_000);
  await pipeline.stop(reason);
  view.stop();
  view = undefined;
  const { lines, ok } = summarize(ledger.produced.length, producer ? await pipeline.reconcile() : []);
  if (producer) for (const line of lines) console.log(line);
  else console.log('summary: no producer in this run, so nothing to reconcile');

  flags.close();
  await inspection.close();
  await services.close();
  return ok ? 0 : 1;
}

function describeReason(reason: unknown): string {
  const exit = reason as { kind?: string; error?: unknown };
  if (exit?.kind === 'error') return errorText(exit.error);
  return typeof reason === 'string' ? reason : (exit?.kind ?? errorText(reason));
}

async function main(): Promise<void> {
  // The lock file pins AWS SDK versions that support Node 20; their notice about future versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let settings: Settings | 'help';
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
  if (settings === 'help') {
    console.log(HELP);
    return;
  }
  try {
    process.exitCode = await run(settings);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    console.error(err.message);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
