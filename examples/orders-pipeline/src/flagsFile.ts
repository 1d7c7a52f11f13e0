// The local flags file a person edits while the pipeline runs, and the copy LaunchDarkly's FileDataSource reads.
//
// FileDataSource watches its file with fs.watch, which follows the file's inode: an editor that saves by
// writing a temp file and renaming it over flags.json (vim, VS Code, sed -i) replaces the inode, and every later
// edit goes unseen. So the person's file is watched through its folder (which survives renames), and each
// valid version is copied in place into the file the SDK watches, whose inode never changes.
import { existsSync, mkdirSync, readFileSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** The folder of the flags file (git-ignored), created from the template on first run. */
export interface FlagsFiles {
  /** The file a person edits (or `npm run flag -- <flag> on|off`). */
  userPath: string;
  /** The in-place copy LaunchDarkly's FileDataSource watches. */
  sdkPath: string;
}

const TEMPLATE = join(__dirname, '..', 'flags.template.json');

export function flagsFiles(dir: string): FlagsFiles {
  return { userPath: join(dir, 'flags.json'), sdkPath: join(dir, '.sdk', 'flags.json') };
}

/** Creates the flags file from the template when it does not exist yet, and the SDK's copy of it. */
export function prepareFlagsFiles(dir: string): FlagsFiles {
  const files = flagsFiles(dir);
  mkdirSync(join(dir, '.sdk'), { recursive: true });
  if (!existsSync(files.userPath)) writeFileSync(files.userPath, readFileSync(TEMPLATE));
  writeFileSync(files.sdkPath, readValid(files.userPath) ?? readFileSync(TEMPLATE, 'utf8'));
  return files;
}

/**
 * Copies each new valid version of the user's file into the SDK's file, in place. Invalid JSON (a save half
 * done) is skipped: the SDK keeps the last good flags, as it would itself. Returns the stop function.
 */
export function mirrorFlagsFile(files: FlagsFiles, onInvalid: (message: string) => void): () => void {
  let last = readFileSync(files.sdkPath, 'utf8');
  const sync = () => {
    if (!existsSync(files.userPath)) return;
    const text = readFileSync(files.userPath, 'utf8');
    if (text === last) return;
    if (readValid(files.userPath) === undefined) {
      onInvalid(`${files.userPath} is not valid JSON with a "flagValues" object; keeping the last good flags`);
      return;
    }
    last = text;
    writeFileSync(files.sdkPath, text);
  };
  const watcher: FSWatcher = watch(join(files.userPath, '..'), { persistent: false }, (_event, name) => {
    if (name === null || name.toString() === 'flags.json') sync();
  });
  return () => watcher.close();
}

/** Sets one flag in the user's file, in place. */
export function setFlag(files: FlagsFiles, flagKey: string, value: boolean): void {
  const text = readValid(files.userPath) ?? readFileSync(TEMPLATE, 'utf8');
  const flags = JSON.parse(text) as { flagValues: Record<string, unknown> };
  flags.flagValues[flagKey] = value;
  writeFileSync(files.userPath, `${JSON.stringify(flags, null, 2)}\n`);
}

/** The file's text when it holds JSON with a flagValues object, else undefined. */
function readValid(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { flagValues?: unknown };
    return typeof parsed.flagValues === 'object' && parsed.flagValues !== null ? text : undefined;
  } catch {
    return undefined;
  }
}
