// The main job's settings: defaults, real-service switches, and one clear message per bad setting.
import { DEFAULT_FLAGS_DIR, readSettings, SettingsError } from '../src/settings';

const message = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    readSettings(argv, env);
  } catch (err) {
    if (err instanceof SettingsError) return err.message.split('\n')[0];
    throw err;
  }
  return 'no error';
};

describe('settings', () => {
  it('runs everything locally by default', () => {
    expect(readSettings([], {})).toEqual({
      rate: 200,
      durationS: undefined,
      shards: 4,
      flagsDir: DEFAULT_FLAGS_DIR,
      dashboard: { port: 0 },
      launchDarklySdkKey: undefined,
      aws: undefined,
      produce: true,
      statelyInspect: undefined,
    });
  });

  it('uses real services from the environment, without a producer unless asked', () => {
    const env = { KINESIS_STREAM: 'orders', AWS_REGION: 'eu-west-1', CHECKPOINT_TABLE: 'orders-app', LAUNCHDARKLY_SDK_KEY: 'sdk-1234-abcd' };
    expect(readSettings(['--no-dashboard'], env)).toMatchObject({
      aws: { region: 'eu-west-1', stream: 'orders', checkpointTable: 'orders-app' },
      launchDarklySdkKey: 'sdk-1234-abcd',
      produce: false,
      dashboard: undefined,
    });
    expect(readSettings(['--produce'], env)).toMatchObject({ produce: true });
  });

  it.each([
    [['--rate', 'fast'], {}, "--rate must be a whole number >= 1, got 'fast'"],
    [['--duration', '0'], {}, "--duration must be a whole number >= 1, got '0'"],
    [['--colour'], {}, "Unknown option '--colour'"],
    [[], { KINESIS_STREAM: 'orders' }, 'set AWS_REGION too to use the real stream in KINESIS_STREAM'],
    [['--shards', '101'], {}, '--shards must be at most 100, got 101'],
    [['--dashboard-port', '99999'], {}, '--dashboard-port must be at most 65535, got 99999'],
    [[], { KINESIS_STREAM: 'orders', AWS_REGION: 'eu-west-1' }, "set CHECKPOINT_TABLE to the DynamoDB table for the consumers' checkpoints (it is created if missing)"],
    [[], { LAUNCHDARKLY_SDK_KEY: 'mob-123' }, "LAUNCHDARKLY_SDK_KEY must be a server-side SDK key (it starts with 'sdk-')"],
  ])('refuses %j %j with one clear message', (argv, env, expected) => {
    expect(message(argv, env as NodeJS.ProcessEnv)).toBe(expected);
  });

  it('runs locally when only AWS_REGION is set (as many shells export it)', () => {
    expect(readSettings([], { AWS_REGION: 'eu-west-1' })).toMatchObject({ aws: undefined, produce: true });
  });

  it('asks for help', () => {
    expect(readSettings(['--help'], {})).toBe('help');
  });
});
