// The main job's settings: command-line arguments (node's util.parseArgs) and the environment for real services.
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_FLAGS_DIR = join(__dirname, '..', '.flags');

export interface Settings {
  /** Orders written per second by the local producer. */
  rate: number;
  /** Seconds to run before shutting down by itself; undefined runs until Ctrl-C / SIGTERM. */
  durationS: number | undefined;
  shards: number;
  flagsDir: string;
  dashboard: { port: number } | undefined;
  /** Real LaunchDarkly when set; otherwise the local flags file. */
  launchDarklySdkKey: string | undefined;
  /** Real Kinesis and DynamoDB when set; otherwise kinesalite and dynalite in this process. */
  aws: { region: string; stream: string; checkpointTable: string } | undefined;
  /** Write synthetic orders (always with local services; with real ones only when asked). */
  produce: boolean;
  /** Also relay inspection to Stately's inspector (its UI needs internet). */
  statelyInspect: { port: number } | undefined;
}

export const HELP = `npm start -- [options]

Runs the orders pipeline: a producer writes synthetic orders to a Kinesis stream, and a circuit breaker runs
two consumers of it (orders, audit) whose LaunchDarkly flags turn them on and off while it runs.

Options:
  --rate <n>             orders per second written by the producer (default 200)
  --duration <s>         run that many seconds, then shut down gracefully; exit code 0 only if nothing was lost
  --shards <n>           shards of the local stream, 1 to 100 (default 4)
  --flags-dir <dir>      where the local flags file lives (default examples/orders-pipeline/.flags)
  --dashboard-port <n>   port of the local dashboard page (default: any free port)
  --no-dashboard         do not serve the dashboard
  --produce              with a real stream, also write synthetic orders to it
  -h, --help             this text

Flip a flag while it runs:  npm run flag -- orders-consumer off   (or edit the flags file)
Flags: orders-consumer, audit-consumer, poison-orders (write one poison order), dead-letter-poison.

Environment (real services instead of the embedded ones):
  LAUNCHDARKLY_SDK_KEY                 use LaunchDarkly itself for the flags
  KINESIS_STREAM (with AWS_REGION)     consume this Kinesis stream (credentials from the usual AWS chain)
  CHECKPOINT_TABLE                     the DynamoDB checkpoint table (required with KINESIS_STREAM)
  XSTATE_INSPECT=1                     also relay inspection to Stately's inspector (its UI needs internet)
  XSTATE_INSPECT_PORT                  the relay's port (default 8080)`;

/** A setting that cannot be used; its message is printed as is, without a stack trace. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

function positiveInteger(name: string, text: string | undefined, fallback: number | undefined, min = 1): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new SettingsError(`${name} must be a whole number >= ${min}, got '${text}'`);
  return value;
}

/** The local Kinesis (kinesalite) takes at most this many shards. */
const LOCAL_SHARD_LIMIT = 100;

function maxOf(name: string, value: number, max: number): number {
  if (value > max) throw new SettingsError(`${name} must be at most ${max}, got ${value}`);
  return value;
}

export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        shards: { type: 'string' },
        'flags-dir': { type: 'string' },
        'dashboard-port': { type: 'string' },
        'no-dashboard': { type: 'boolean' },
        produce: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new SettingsError(`${(err as Error).message}\n\n${HELP}`);
  }
  const { values } = parsed;
  if (values.help) return 'help';

  // An empty variable counts as unset, as in most shells' `VAR= command`.
  const read = (name: string) => env[name] || undefined;
  const stream = read('KINESIS_STREAM');
  const region = read('AWS_REGION');
  const checkpointTable = read('CHECKPOINT_TABLE');
  // AWS_REGION alone (exported in many shells) changes nothing: KINESIS_STREAM is what asks for a real stream.
  if (stream !== undefined && region === undefined) {
    throw new SettingsError('set AWS_REGION too to use the real stream in KINESIS_STREAM');
  }
  if (stream !== undefined && !checkpointTable) {
    throw new SettingsError('set CHECKPOINT_TABLE to the DynamoDB table for the consumers\' checkpoints (it is created if missing)');
  }
  const sdkKey = read('LAUNCHDARKLY_SDK_KEY');
  if (sdkKey !== undefined && !/^sdk-[\w-]+$/.test(sdkKey)) {
    throw new SettingsError("LAUNCHDARKLY_SDK_KEY must be a server-side SDK key (it starts with 'sdk-')");
  }
  const dashboardPort = maxOf('--dashboard-port', positiveInteger('--dashboard-port', values['dashboard-port'], 0, 0)!, 65535);
  return {
    rate: positiveInteger('--rate', values.rate, 200)!,
    durationS: positiveInteger('--duration', values.duration, undefined),
    shards: maxOf('--shards', positiveInteger('--shards', values.shards, 4)!, LOCAL_SHARD_LIMIT),
    flagsDir: values['flags-dir'] ?? DEFAULT_FLAGS_DIR,
    dashboard: values['no-dashboard'] ? undefined : { port: dashboardPort },
    launchDarklySdkKey: sdkKey,
    aws: stream !== undefined ? { region: region!, stream, checkpointTable: checkpointTable! } : undefined,
    produce: stream === undefined || values.produce === true,
    statelyInspect: env.XSTATE_INSPECT === '1' ? { port: positiveInteger('XSTATE_INSPECT_PORT', read('XSTATE_INSPECT_PORT'), 8080)! } : undefined,
  };
}
