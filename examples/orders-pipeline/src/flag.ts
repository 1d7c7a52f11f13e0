// `npm run flag -- <flag> on|off`: flips a flag in the running pipeline's flags file.
import { parseArgs } from 'node:util';
import { flagsFiles, prepareFlagsFiles, setFlag } from './flagsFile';
import { DEFAULT_FLAGS_DIR } from './settings';

const usage = 'usage: npm run flag -- <flag> on|off [--flags-dir <dir>]\n  flags: orders-consumer, audit-consumer, poison-orders, dead-letter-poison';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'flags-dir': { type: 'string', default: DEFAULT_FLAGS_DIR }, help: { type: 'boolean', short: 'h' } },
});
const [flagKey, state] = positionals;
if (values.help || !flagKey || (state !== 'on' && state !== 'off')) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const dir = values['flags-dir']!;
prepareFlagsFiles(dir);
setFlag(flagsFiles(dir), flagKey, state === 'on');
console.log(`${flagKey} is ${state} in ${flagsFiles(dir).userPath}`);
