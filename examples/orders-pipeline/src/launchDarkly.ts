// The LaunchDarkly client of the pipeline: the real service with LAUNCHDARKLY_SDK_KEY, else the local flags file.
import { basicLogger, init, type LDClient } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { mirrorFlagsFile, prepareFlagsFiles } from './flagsFile';
import type { Settings } from './settings';

export interface Flags {
  client: LDClient;
  /** The file to edit, in local mode. */
  flagsPath: string | undefined;
  close(): void;
}

export async function startLaunchDarkly(settings: Settings, warn: (message: string) => void): Promise<Flags> {
  // The SDK's warnings repeat on every evaluation while it is not initialised; the breaker already warns
  // once per outage, so only the SDK's errors are shown.
  const logger = basicLogger({ level: 'error', destination: (line: string) => warn(line) });
  if (settings.launchDarklySdkKey) {
    const client = init(settings.launchDarklySdkKey, { logger });
    await client.waitForInitialization({ timeout: 10 }).catch(() => {
      // The SDK keeps retrying; the breaker treats an uninitialised client as an outage and changes nothing.
      warn('LaunchDarkly did not initialise within 10 s; consumers stay as they are until it does');
    });
    return { client, flagsPath: undefined, close: () => client.close() };
  }
  const files = prepareFlagsFiles(settings.flagsDir);
  const stopMirror = mirrorFlagsFile(files, warn);
  const client = init('local-flags-file', {
    // No network at all: flags come from the file, no events or diagnostics are sent.
    updateProcessor: new FileDataSourceFactory({ paths: [files.sdkPath], autoUpdate: true }).getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger,
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    client,
    flagsPath: files.userPath,
    close: () => {
      stopMirror();
      client.close();
    },
  };
}
