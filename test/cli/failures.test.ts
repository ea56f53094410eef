/**
 * Failure behaviour of the CLI (issue 22, items 3, 6, 13-16): the --out lock, full disks,
 * --signing-key limits, bounded waits, signals and leftovers. Reproducers of the issue, each
 * asserting what the naive code got wrong.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';
import { mountTinyTmpfs, runBin } from './spawn.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

/** Files under `root` whose names say they are temporary. */
async function leftovers(root: string): Promise<string[]> {
  return (await listFiles(root)).filter((f) => f.endsWith('.partial') || f.includes('.trailsmith-lock'));
}

describe('the --out lock', () => {
  it('a second generate into the same --out exits 2 at once, naming the run that holds it', async () => {
    const out = join(dir, 'locked');
    const c = new AbortController();
    const first = runCli(['generate', TINY, '-n', '200000', '-o', out, '-q', '-w', '0'], { signal: c.signal });
    // Wait until the first run holds the lock.
    for (let i = 0; i < 200 && !(await readdir(out).catch(() => [] as string[])).includes('.trailsmith-lock'); i++) await new Promise((r) => setTimeout(r, 25));
    let firstDone = false;
    void first.then(() => (firstDone = true));
    const second = await runCli(['generate', TINY, '-n', '100', '-o', out, '-q', '--force']);
    // At once: while the first run is still generating (in-process, both share one event loop).
    expect(firstDone).toBe(false);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/--out .*locked is in use by another trailsmith run \(pid \d+ on .+, started \d{4}-/);
    c.abort();
    expect((await first).code).toBe(130);
    expect(await leftovers(out)).toEqual([]);
  });

  it('takes over a stale lock whose process is gone, and locks -f ndjson files too', async () => {
    const out = join(dir, 'stale');
    await mkdir(out, { recursive: true });
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    const { hostname } = await import('node:os');
    await writeFile(join(out, '.trailsmith-lock'), JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const run = await runCli(['generate', TINY, '-n', '50', '-o', out, '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect(await leftovers(out)).toEqual([]);
    // An ndjson file is locked beside it: .<name>.trailsmith-lock.
    const file = join(dir, 'held.ndjson');
    await writeFile(join(dir, '.held.ndjson.trailsmith-lock'), JSON.stringify({ pid: process.ppid, host: hostname(), started: 'x' }));
    const held = await runCli(['generate', TINY, '-n', '50', '-f', 'ndjson', '-o', file, '-q']);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('is in use by another trailsmith run');
  });
});

describe('leftovers and bounded waits', () => {
  it('--force removes .partial files a killed run left behind', async () => {
    const out = join(dir, 'killed');
    await mkdir(join(out, 'AWSLogs/1/CloudTrail'), { recursive: true });
    await writeFile(join(out, 'AWSLogs/1/CloudTrail/.x.json.gz.4242.0.partial'), 'half');
    await writeFile(join(out, 'AWSLogs/.y.json.gz.4242.7.partial'), 'half');
    const run = await runCli(['generate', TINY, '-n', '50', '-o', out, '-q', '--force']);
    expect(run.code, run.stderr).toBe(0);
    expect(await leftovers(out)).toEqual([]);
  });

  it('-o /proc/self/x fails with exit 3 instead of looping in mkdir', async () => {
    const t0 = Date.now();
    const run = await runCli(['generate', TINY, '-n', '10', '-o', '/proc/self/x/out', '-q']);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot write \/proc\/self\/x/);
  });

  it('--signing-key accepts only a regular file of key size, and needs a value', async () => {
    const big = join(dir, 'big.pem');
    await writeFile(big, Buffer.alloc(70 * 1024, 0x41));
    for (const [key, msg] of [
      ['/dev/zero', 'not a regular file'],
      [dir, 'not a regular file'],
      [big, 'more than the 64 KiB'],
      ['', '--signing-key needs a file'],
    ] as const) {
      const run = await runCli(['generate', TINY, '-n', '10', '-o', join(dir, 'sk'), '--digest', '--signing-key', key, '-q']);
      expect(run.code, key).toBe(2);
      expect(run.stderr).toContain(msg);
    }
    const bare = await runCli(['generate', TINY, '-n', '10', '-o', join(dir, 'sk'), '--digest', '-q', '--signing-key']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--signing-key needs a file');
  });

  it('validate on a FIFO nobody writes to ends within ~2 s of SIGINT with exit 130', { timeout: 40_000 }, async () => {
    const fifo = join(dir, `never-${Date.now()}.json`);
    execFileSync('mkfifo', [fifo]);
    // The signal comes once validate is surely blocked in open() (start-up takes over a second on a loaded machine).
    const run = await runBin(['validate', fifo], { signals: [[3000, 'SIGINT']], timeoutMs: 15_000 });
    // The forced end is SIGINT's default action (a shell's $? is 130): process.exit() hangs
    // while a thread is blocked opening the FIFO.
    expect(run.code === 130 || run.signal === 'SIGINT', run.stderr).toBe(true);
    expect(run.stopMs).toBeLessThan(3000);
    expect(run.stderr).toMatch(/interrupted by SIGINT/);
  });
});

describe('signals', () => {
  it('later SIGINTs (3 ms, then every 30 ms after the first) are acknowledged; the run stops cleanly with 130 and its message', async () => {
    const out = join(dir, 'twice');
    const later = Array.from({ length: 50 }, (_, i) => [2530 + 30 * i, 'SIGINT'] as [number, NodeJS.Signals]);
    const run = await runBin(['generate', TINY, '-n', '300000', '-o', out, '-q', '--digest'], { signals: [[2500, 'SIGINT'], [2503, 'SIGINT'], ...later] });
    // The clean stop's last word: everything after it is the process's own exit.
    const done = run.stderrAt.find((c) => /interrupted by SIGINT/.test(c.text));
    expect(done, run.stderr).toBeDefined();
    // With `process.once` the second signal took the default action mid-cleanup: killed, no
    // message, maybe a .partial. A signal that lands in the last milliseconds of the exit, after
    // the handlers are gone, still ends the process by SIGINT; its shell status is 130 all the same.
    if (run.signal !== 'SIGINT') expect(run.code, run.stderr).toBe(130);
    // Signals sent while one is still pending merge into it (the kernel keeps one pending SIGINT):
    // a cleanup that lasts past three more signals (+30, +60, +90 ms) has seen at least one.
    if (done!.ms > 100) expect(run.stderr).toMatch(/SIGINT received; already stopping cleanly/);
    expect(run.stderr).toMatch(/interrupted by SIGINT/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(await leftovers(out).catch(() => [])).toEqual([]);
  });

  it('SIGTERM during -f ndjson: exit 130, no partial file and no output file', async () => {
    const file = join(dir, 'term.ndjson');
    const run = await runBin(['generate', TINY, '-n', '400000', '-f', 'ndjson', '-o', file, '-q'], { signals: [[2500, 'SIGTERM']] });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted by SIGTERM: nothing written to .*term\.ndjson/);
    expect((await readdir(dir)).filter((f) => f.startsWith('term.ndjson') || f.startsWith('.term.ndjson'))).toEqual([]);
  });
});

describe('full disk', () => {
  it('generate -f ndjson past ulimit -f (EFBIG): exit 3 naming the path, no stack, nothing left', async () => {
    const file = join(dir, 'efbig.ndjson');
    const run = await runBin(['generate', TINY, '-n', '20000', '-f', 'ndjson', '-o', file, '-q'], { ulimitFileBlocks: 2048 });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/cannot write .*efbig\.ndjson: file too large .*\(EFBIG\)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(dir)).filter((f) => f.includes('efbig'))).toEqual([]);
  });

  it('on a full tmpfs: generate -f ndjson exits 3 (ENOSPC) leaving nothing; stream --to file ends on a whole line', async (ctx) => {
    const mnt = join(dir, 'tiny-fs');
    await mkdir(mnt);
    // 3 MiB: two of the stream's 1 MiB chunks fit, the third fails part-way.
    const unmount = mountTinyTmpfs(mnt, '3m');
    if (!unmount) {
      ctx.skip(); // `mount -t tmpfs` needs root in a container that allows it; the EFBIG case above still runs
      return;
    }
    try {
      const gen = await runBin(['generate', TINY, '-n', '20000', '-f', 'ndjson', '-o', join(mnt, 'full.ndjson'), '-q']);
      expect(gen.code, gen.stderr).toBe(3);
      expect(gen.stderr).toMatch(/cannot write .*full\.ndjson: no space left on device \(ENOSPC\)/);
      expect(await readdir(mnt)).toEqual([]);
      const file = join(mnt, 'stream.ndjson');
      const st = await runBin(['stream', TINY, '--clock', 'fixed', '--start', '2025-03-04T00:00:00Z', '--rate', '5000', '-d', '10s', '--to', file, '-q']);
      expect(st.code, st.stderr).toBe(3);
      expect(st.stderr).toMatch(/no space left on device \(ENOSPC\)/);
      const text = await readFile(file, 'utf8');
      expect(text.length).toBeGreaterThan(0);
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.split('\n').slice(0, -1)) JSON.parse(line);
    } finally {
      unmount();
    }
  });
});
