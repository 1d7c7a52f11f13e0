// `npm run bench [-- <name>] [--json]`: runs every package's bench/*.bench.ts, or those whose file name contains <name>.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--'));
const passThrough = args.filter((a) => a.startsWith('--'));

const benches = readdirSync(join(root, 'packages'))
  .map((pkg) => join(root, 'packages', pkg, 'bench'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => join(dir, f)))
  .filter((file) => !filter || basename(file).includes(filter));

if (benches.length === 0) {
  console.error(`bench: no bench matches ${JSON.stringify(filter)}`);
  process.exit(1);
}
let failed = false;
for (const file of benches) {
  const run = spawnSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register', file, ...passThrough], {
    cwd: root,
    stdio: 'inherit',
    // The lock file pins AWS SDK versions that support Node 20; their notice about later versions is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
  });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
