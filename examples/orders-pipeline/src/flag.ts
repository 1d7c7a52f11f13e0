// `npm run flag -- <flag> on|off`: flips a flag in the running pipeline's flags file.
import { parseArgs } from 'node:util';
import { FLAG_KEYS, flagsFiles, prepareFlagsFiles, setFlag } from './flagsFile';
import { DEFAULT_FLAGS_DIR, SettingsError } from './settings';

const usage = `usage: npm run flag -- <flag> on|off [--flags-dir <dir>]\n  flags: ${FLAG_KEYS.join(', ')}`;

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'flags-dir': { type: 'string', default: DEFAULT_FLAGS_DIR }, help: { type: 'boolean', short: 'h' } },
  });
  const [flagKey, state] = positionals;
  if (values.help) {
    console.log(usage);
  } else if (!flagKey || (state !== 'on' && state !== 'off') || positionals.length > 2) {
    console.error(usage);
    process.exitCode = 2;
  } else {
    const files = prepareFlagsFiles(values['flags-dir']!);
    setFlag(files, flagKey, state === 'on');
    console.log(`${flagKey} is ${state} in ${flagsFiles(values['flags-dir']!).userPath}`);
  }
} catch (err) {
  const badArgs = String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (!(err instanceof SettingsError) && !badArgs) throw err;
  console.error(badArgs ? `${(err as Error).message}\n${usage}` : (err as Error).message);
  process.exitCode = 2;
}
