/**
 * Progress on stderr. On a terminal: one line redrawn at most 4 times a second after the first
 * second, erased before the summary. Otherwise (CI logs, `2> file`, a Kubernetes pod's log) a
 * first plain line after 2 seconds (a long run shows it is alive at once), then one every 10
 * seconds, so the log is not flooded. Quiet mode draws nothing. Shows percent done, records,
 * records/s and the ETA; the fraction is the larger of records/N (--records N) and the simulated
 * time's fraction.
 */
import type { CliIO } from './io.js';
import { fmt } from '../human-format.js';

export { fmt, fmtBytes } from '../human-format.js';

/** Milliseconds between progress lines when stderr is not a terminal. */
export const PLAIN_PROGRESS_MS = 10_000;
/** The first plain line comes this soon: every long run shows progress within 2 s (issue 15). */
export const FIRST_PLAIN_PROGRESS_MS = 2_000;

export class ProgressLine {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly io: CliIO, private readonly enabled: boolean, private readonly totalRecords?: number) {
    this.started = io.now();
    // The first plain line is due FIRST_PLAIN_PROGRESS_MS after the start, later ones every PLAIN_PROGRESS_MS.
    this.lastDraw = this.started - PLAIN_PROGRESS_MS + FIRST_PLAIN_PROGRESS_MS;
  }

  /** `fraction` done (0-1), or NaN when unknown (no percentage or ETA then). */
  update(records: number, fraction: number, extra = ''): void {
    const now = this.io.now();
    if (!this.due(now)) return;
    const elapsed = (now - this.started) / 1000;
    const rate = records / elapsed;
    if (Number.isNaN(fraction) && !this.totalRecords) {
      this.write(`${fmt(records)} records  ${fmt(rate)}/s${extra}`);
      return;
    }
    const byCount = this.totalRecords ? records / this.totalRecords : 0;
    const f = Math.min(1, Math.max(0, fraction, byCount));
    const eta = f > 0.01 ? Math.round((elapsed / f) * (1 - f)) : NaN;
    this.write(`${(f * 100).toFixed(1).padStart(5)}%  ${fmt(records)} records  ${fmt(rate)}/s${extra}${Number.isFinite(eta) ? `  ETA ${eta}s` : ''}`);
  }

  /** A free-form progress line (uploads), at the same pace as update(). */
  note(text: string): void {
    if (this.due(this.io.now())) this.write(text);
  }

  private due(now: number): boolean {
    if (!this.enabled) return false;
    if (this.io.stderrIsTTY ? now - this.started < 1000 || now - this.lastDraw < 250 : now - this.lastDraw < PLAIN_PROGRESS_MS) return false;
    this.lastDraw = now;
    return true;
  }

  private write(line: string): void {
    if (this.io.stderrIsTTY) {
      this.io.stderr.write(`\r\u001b[2K  ${line}`);
      this.drawn = true;
    } else {
      this.io.stderr.write(`trailsmith: ${line.trim()}\n`);
    }
  }

  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[2K');
    this.drawn = false;
  }

  seconds(): number {
    return (this.io.now() - this.started) / 1000;
  }
}

