// The local flags file: flipped atomically, refused when unknown or broken, mirrored for the SDK in place.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@xstate-otp/test-kit';
import { FLAG_KEYS, mirrorFlagsFile, prepareFlagsFiles, setFlag } from '../src/flagsFile';

describe('flags file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'flags-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from the template and flips a flag by replacing the file', () => {
    const files = prepareFlagsFiles(dir);
    expect(FLAG_KEYS).toEqual(['orders-consumer', 'audit-consumer', 'poison-orders', 'dead-letter-poison']);
    const before = statSync(files.userPath).ino;
    setFlag(files, 'orders-consumer', false);
    expect(JSON.parse(readFileSync(files.userPath, 'utf8')).flagValues['orders-consumer']).toBe(false);
    expect(statSync(files.userPath).ino).not.toBe(before);
  });

  it('refuses an unknown flag, and a broken file, without touching it', () => {
    const files = prepareFlagsFiles(dir);
    expect(() => setFlag(files, 'order-consumer', false)).toThrow(
      "unknown flag 'order-consumer': the pipeline reads orders-consumer, audit-consumer, poison-orders, dead-letter-poison",
    );
    writeFileSync(files.userPath, '{ "flagValues": ');
    expect(() => setFlag(files, 'orders-consumer', false)).toThrow('is not valid JSON with a "flagValues" object: fix it, or delete it');
    expect(() => prepareFlagsFiles(dir)).toThrow('is not valid JSON with a "flagValues" object: fix it, or delete it to start from the template');
    expect(readFileSync(files.userPath, 'utf8')).toBe('{ "flagValues": ');
  });

  it('copies each valid version into the SDK file in place (same inode), skipping broken saves', async () => {
    const files = prepareFlagsFiles(dir);
    const inode = statSync(files.sdkPath).ino;
    const warnings: string[] = [];
    const stop = mirrorFlagsFile(files, (m) => warnings.push(m));
    try {
      setFlag(files, 'audit-consumer', false);
      await waitFor('the SDK copy', () => JSON.parse(readFileSync(files.sdkPath, 'utf8')).flagValues['audit-consumer'] === false);
      writeFileSync(files.userPath, 'not json');
      await waitFor('the warning', () => warnings.length === 1);
      expect(JSON.parse(readFileSync(files.sdkPath, 'utf8')).flagValues['audit-consumer']).toBe(false);
      expect(statSync(files.sdkPath).ino).toBe(inode);
    } finally {
      stop();
    }
  });
});
