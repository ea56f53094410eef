/**
 * Progress on stderr: drawn only on a TTY, only after the first second, at most 4 times a
 * second, and erased before the summary. Quiet mode draws nothing. Shows percent done, records,
 * records/s and the ETA. With --records N the run stops at N records, a few percent before the
 * scenario's end (see sim/calibrate.ts), so the fraction is the larger of records/N and the
 * simulated time's fraction, which keeps the ETA honest near the end.
 */
import type { CliIO } from './io.js';
import { fmt } from '../human-format.js';

export { fmt, fmtBytes } from '../human-format.js';

export class ProgressLine {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly io: CliIO, private readonly enabled: boolean, private readonly totalRecords?: number) {
    this.started = io.now();
  }

  update(records: number, fraction: number, extra = ''): void {
    if (!this.enabled || !this.io.stderrIsTTY) return;
    const now = this.io.now();
    const elapsed = (now - this.started) / 1000;
    if (elapsed < 1 || now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const rate = records / elapsed;
    const byCount = this.totalRecords ? records / this.totalRecords : 0;
    const f = Math.min(1, Math.max(0, fraction, byCount));
    const eta = f > 0.01 ? Math.round((elapsed / f) * (1 - f)) : NaN;
    const line = `  ${(f * 100).toFixed(1).padStart(5)}%  ${fmt(records)} records  ${fmt(rate)}/s${extra}${Number.isFinite(eta) ? `  ETA ${eta}s` : ''}`;
    this.io.stderr.write(`\r\u001b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[2K');
    this.drawn = false;
  }

  seconds(): number {
    return (this.io.now() - this.started) / 1000;
  }
}

