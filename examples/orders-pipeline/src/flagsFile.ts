// The local flags file a person edits while the pipeline runs, and the copy LaunchDarkly's FileDataSource reads.
//
// FileDataSource watches its file with fs.watch, which follows the file's inode: an editor that saves by
// writing a temp file and renaming it over flags.json (vim, VS Code, sed -i) replaces the inode, and every later
// edit goes unseen. So the person's file is watched through its folder (which survives renames), and each
// valid version is copied in place into the file the SDK watches, whose inode never changes.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, watch, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsError } from './settings';

/** The folder of the flags file (git-ignored), created from the template on first run. */
export interface FlagsFiles {
  /** The file a person edits (or `npm run flag -- <flag> on|off`). */
  userPath: string;
  /** The in-place copy LaunchDarkly's FileDataSource watches. */
  sdkPath: string;
}

const TEMPLATE = join(__dirname, '..', 'flags.template.json');
/** Edits arrive in bursts (truncate, write): the copy waits this long after the last change. */
const SETTLE_MS = 50;

/** The flags the pipeline reads: the template's. */
export const FLAG_KEYS: readonly string[] = Object.keys((JSON.parse(readFileSync(TEMPLATE, 'utf8')) as FlagsJson).flagValues);

interface FlagsJson {
  flagValues: Record<string, unknown>;
}

export function flagsFiles(dir: string): FlagsFiles {
  return { userPath: join(dir, 'flags.json'), sdkPath: join(dir, '.sdk', 'flags.json') };
}

/** Creates the flags file from the template when it does not exist yet, and the SDK's copy of it. */
export function prepareFlagsFiles(dir: string): FlagsFiles {
  const files = flagsFiles(dir);
  try {
    mkdirSync(join(dir, '.sdk'), { recursive: true });
  } catch (err) {
    throw new SettingsError(`--flags-dir: cannot use ${dir} for the flags file: ${(err as Error).message}`);
  }
  if (!existsSync(files.userPath)) writeFileSync(files.userPath, readFileSync(TEMPLATE));
  const text = readValid(files.userPath);
  if (text === undefined) {
    throw new SettingsError(`${files.userPath} is not valid JSON with a "flagValues" object: fix it, or delete it to start from the template`);
  }
  writeFileSync(files.sdkPath, text);
  return files;
}

/**
 * Copies each new valid version of the user's file into the SDK's file, in place. Invalid JSON (a save half
 * done) is skipped: the SDK keeps the last good flags, as it would itself. Returns the stop function.
 */
export function mirrorFlagsFile(files: FlagsFiles, onInvalid: (message: string) => void): () => void {
  let last = readFileSync(files.sdkPath, 'utf8');
  let timer: NodeJS.Timeout | undefined;
  const sync = () => {
    if (!existsSync(files.userPath)) return;
    const text = readValid(files.userPath);
    if (text === undefined) {
      onInvalid(`${files.userPath} is not valid JSON with a "flagValues" object; keeping the last good flags`);
      return;
    }
    if (text === last) return;
    writeInPlace(files.sdkPath, text, last.length);
    last = text;
  };
  const watcher = watch(join(files.userPath, '..'), { persistent: false }, (_event, name) => {
    if (name !== null && name.toString() !== 'flags.json') return;
    clearTimeout(timer);
    timer = setTimeout(sync, SETTLE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * Rewrites a file in place with one write at offset 0, padded with spaces (valid JSON whitespace) to the old
 * length, and never truncated: whoever reads it sees the old text or the new one, never an empty or half file.
 */
function writeInPlace(path: string, text: string, oldLength: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, text.padEnd(Math.max(oldLength, text.length), ' '), 0);
  } finally {
    closeSync(fd);
  }
}

/** Sets one flag in the user's file, atomically (a temp file renamed over it), as editors save. */
export function setFlag(files: FlagsFiles, flagKey: string, value: boolean): void {
  if (!FLAG_KEYS.includes(flagKey)) throw new SettingsError(`unknown flag '${flagKey}': the pipeline reads ${FLAG_KEYS.join(', ')}`);
  const text = readValid(files.userPath);
  if (text === undefined) throw new SettingsError(`${files.userPath} is not valid JSON with a "flagValues" object: fix it, or delete it`);
  const flags = JSON.parse(text) as FlagsJson;
  flags.flagValues[flagKey] = value;
  writeFileSync(`${files.userPath}.tmp`, `${JSON.stringify(flags, null, 2)}\n`);
  renameSync(`${files.userPath}.tmp`, files.userPath);
}

/** The file's text when it holds JSON with a flagValues object, else undefined. */
function readValid(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as Partial<FlagsJson>;
    return typeof parsed.flagValues === 'object' && parsed.flagValues !== null ? text : undefined;
  } catch {
    return undefined;
  }
}
