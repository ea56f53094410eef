/** Progress on stderr: redrawn on a terminal, a plain line after 2 s and every 10 s otherwise, nothing when quiet. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { PLAIN_PROGRESS_MS, ProgressLine } from '../../src/cli/progress.js';
import { runCli } from '../helpers/cli.js';

function fakeIO(tty: boolean): { io: CliIO; clock: { t: number }; stderr: () => string } {
  const clock = { t: 1_000_000 };
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  const io: CliIO = { stdout: new PassThrough(), stderr, stderrIsTTY: tty, now: () => clock.t, signal: new AbortController().signal };
  return { io, clock, stderr: () => text };
}

describe('ProgressLine', () => {
  it('writes a first plain line after 2 s, then one every 10 s, when stderr is not a terminal', () => {
    const { io, clock, stderr } = fakeIO(false);
    const p = new ProgressLine(io, true, 1000);
    for (let s = 1; s <= 25; s++) {
      clock.t += 1000;
      p.update(s * 20, 0);
    }
    const lines = stderr().split('\n').filter(Boolean);
    expect(lines).toEqual(['trailsmith: 4.0%  40 records  20/s  ETA 48s', 'trailsmith: 24.0%  240 records  20/s  ETA 38s', 'trailsmith: 44.0%  440 records  20/s  ETA 28s']);
    expect(stderr()).not.toContain('\u001b');
    p.clear();
    expect(stderr().split('\n').filter(Boolean)).toHaveLength(3);
    expect(PLAIN_PROGRESS_MS).toBe(10_000);
  });

  it('redraws one line on a terminal after the first second, at most 4 times a second, and erases it', () => {
    const { io, clock, stderr } = fakeIO(true);
    const p = new ProgressLine(io, true);
    clock.t += 500;
    p.update(10, 0.1);
    expect(stderr()).toBe('');
    for (let i = 0; i < 20; i++) {
      clock.t += 100;
      p.update(100 + i, 0.5);
    }
    // Readings from 0.6 to 2.5 s: drawn at 1.0, 1.3, 1.6, 1.9, 2.2 and 2.5 s.
    const draws = stderr().split('\r\u001b[2K').filter(Boolean);
    expect(draws.length).toBe(6);
    expect(draws[0]).toMatch(/^ +50\.0% {2}\d+ records {2}\d+\/s {2}ETA 1s$/);
    p.clear();
    expect(stderr().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('stays silent when disabled (--quiet)', () => {
    const { io, clock, stderr } = fakeIO(false);
    const p = new ProgressLine(io, false);
    clock.t += 60_000;
    p.update(5, 0.5);
    p.note('uploading');
    expect(stderr()).toBe('');
  });
});

describe('progress of the commands in a log (stderr not a terminal)', () => {
  it('generate and validate print plain progress lines on stderr and nothing extra on stdout', async () => {
    // A clock that jumps 4 s per reading makes even a small run "long".
    let t = 0;
    const now = (): number => (t += 4000);
    const { tempDir, removeDir } = await import('../helpers/tree.js');
    const dir = await tempDir();
    try {
      const gen = await runCli(['generate', '-n', '3000', '-o', dir, '--force'], { now });
      expect(gen.code, gen.stderr).toBe(0);
      expect(gen.stderr).toMatch(/^trailsmith: +[\d.]+% {2}[\d,]+ records {2}[\d,]+\/s {2}[\d,]+ files/m);
      expect(gen.stdout).toMatch(/^wrote [\d,]+ files, 3,000 records/);
      const val = await runCli(['validate', dir], { now });
      expect(val.code, val.stderr).toBe(0);
      expect(val.stderr).toMatch(/^trailsmith: [\d,]+ records {2}[\d,]+\/s {2}[\d,]+ files$/m);
      expect(val.stdout).toMatch(/^OK: /);
      const quiet = await runCli(['validate', dir, '-q'], { now });
      expect(quiet.stderr).toBe('');
    } finally {
      await removeDir(dir);
    }
  });
});
