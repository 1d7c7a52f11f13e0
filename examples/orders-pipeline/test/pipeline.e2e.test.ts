// The main job end to end: run it as a user would, flip flags in its file, stop it, and check its books.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

/** The program's output so far, and a way to wait for a line that matches. */
class Output {
  text = '';
  private exited: string | undefined;
  private waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];

  /** The program ended: whatever is still awaited will never come. */
  end(how: string): void {
    this.exited = how;
    for (const w of this.waiters) w.reject(new Error(`the program ${how} before printing ${w.pattern}; output:\n${this.text}`));
    this.waiters = [];
  }

  feed(chunk: string): void {
    this.text += chunk;
    this.waiters = this.waiters.filter((w) => {
      const match = this.text.match(w.pattern);
      if (match) w.resolve(match);
      return !match;
    });
  }

  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const match = this.text.match(pattern);
    if (match) return Promise.resolve(match);
    if (this.exited) return Promise.reject(new Error(`the program ${this.exited} before printing ${pattern}; output:\n${this.text}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.text}`)), timeoutMs);
      this.waiters.push({
        pattern,
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }
}

describe('npm start', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  const output = new Output();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orders-pipeline-'));
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts', '--rate', '100', '--flags-dir', dir, '--no-dashboard'], {
      cwd: join(__dirname, '..'),
      // Local services and the local flags file, whatever the machine's environment says.
      env: { ...process.env, LAUNCHDARKLY_SDK_KEY: '', KINESIS_STREAM: '', AWS_REGION: '', CHECKPOINT_TABLE: '' },
    });
    child.once('exit', (code, signal) => output.end(`exited (code ${code}, signal ${signal})`));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.feed(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.feed(chunk));
  });

  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const setOrdersFlag = (on: boolean, how: 'in place' | 'rename') => {
    const path = join(dir, 'flags.json');
    const flags = JSON.parse(readFileSync(path, 'utf8')) as { flagValues: Record<string, boolean> };
    flags.flagValues['orders-consumer'] = on;
    if (how === 'in place') {
      writeFileSync(path, JSON.stringify(flags));
    } else {
      // How most editors save: a temp file renamed over the original (a new inode).
      writeFileSync(`${path}.swp`, JSON.stringify(flags));
      renameSync(`${path}.swp`, path);
    }
  };

  it('stops and restarts a consumer from the flags file, then shuts down with nothing lost', async () => {
    await output.waitFor(/\[breaker\] orders running/);
    await output.waitFor(/\[breaker\] audit running/);

    setOrdersFlag(false, 'in place');
    await output.waitFor(/\[breaker\] orders running -> off/);

    setOrdersFlag(true, 'rename');
    await output.waitFor(/\[breaker\] orders off -> running/);

    // And the rename did not stop later edits from being seen.
    setOrdersFlag(false, 'in place');
    await output.waitFor(/\[breaker\] orders running -> off \(flag orders-consumer=false\)[\s\S]*orders running -> off/);
    setOrdersFlag(true, 'in place');
    await output.waitFor(/orders off -> running[\s\S]*orders off -> running/);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const produced = Number((await output.waitFor(/summary: produced (\d+) orders/))[1]);
    expect(produced).toBeGreaterThan(0);
    const books = (consumer: string) => {
      const m = output.text.match(new RegExp(`  ${consumer} +handled (\\d+), replays (\\d+), dead-lettered (\\d+), pending (\\d+), lost (\\d+)`));
      if (!m) throw new Error(`no summary line for ${consumer} in:\n${output.text}`);
      return { handled: Number(m[1]), pending: Number(m[4]), lost: Number(m[5]) };
    };
    expect(books('orders')).toEqual({ handled: produced, pending: 0, lost: 0 });
    expect(books('audit')).toEqual({ handled: produced, pending: 0, lost: 0 });
    expect(output.text).toMatch(/^0 lost$/m);
  });
});
