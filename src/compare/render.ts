/**
 * A compare report as a terminal table, and as one self-contained HTML page: every metric a
 * figure with the two sides' charts next to each other (inline SVG, no scripts, no external
 * assets), so the page opens anywhere and can be archived as a CI artifact.
 */
import type { CompareReport, MetricResult } from './metrics.js';

export function formatText(r: CompareReport, names: [string, string] = ['a', 'b']): string {
  const rows = r.metrics.map((m) => [m.title, m.measure, m.distance.toFixed(3), `≤ ${m.threshold}`, m.verdict.toUpperCase(), `${m.n[0]} / ${m.n[1]}`]);
  const head = ['metric', 'measure', 'distance', 'threshold', 'verdict', `n (${names[0]} / ${names[1]})`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `${names[0]}: ${r.a.records} records, ${r.a.files} files, ${r.a.principals} principals`,
    `${names[1]}: ${r.b.records} records, ${r.b.files} files, ${r.b.principals} principals`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `overall: ${r.verdict.toUpperCase()} (${r.metrics.filter((m) => m.verdict === 'fail').length} of ${r.metrics.filter((m) => m.verdict !== 'n/a').length} metrics outside their threshold)`,
    '',
  ].join('\n');
}

const COLORS = ['#1f77b4', '#ff7f0e'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatHtml(r: CompareReport, names: [string, string] = ['a', 'b']): string {
  const figures = r.metrics.map((m) => figure(m, names)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>trailsmith compare: ${esc(names[0])} vs ${esc(names[1])}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px}.overall{font-weight:bold}.pass{color:#2a7a2a}.fail{color:#b00020}.na{color:#777}
figure{margin:0 0 28px;border-top:1px solid #ddd;padding-top:10px}
figcaption{margin-bottom:6px}.pair{display:flex;gap:16px;flex-wrap:wrap}
.side{font-size:12px;color:#555}
</style></head><body>
<h1>trailsmith compare</h1>
<p>${esc(names[0])}: ${r.a.records} records, ${r.a.files} files, ${r.a.principals} principals &middot; ${esc(names[1])}: ${r.b.records} records, ${r.b.files} files, ${r.b.principals} principals</p>
<p class="overall ${r.verdict}" id="overall">overall: ${r.verdict.toUpperCase()}</p>
${figures}
</body></html>
`;
}

function figure(m: MetricResult, names: [string, string]): string {
  const cls = m.verdict === 'n/a' ? 'na' : m.verdict;
  const caption = `<figcaption><b>${esc(m.title)}</b> &mdash; ${m.measure} ${m.distance.toFixed(3)} (threshold ${m.threshold}) <span class="${cls}">${m.verdict.toUpperCase()}</span></figcaption>`;
  const charts = m.cdf
    ? [0, 1].map((i) => cdfChart(m, i, names[i]!)).join('')
    : [0, 1].map((i) => barChart(m, i, names[i]!)).join('');
  return `<figure data-metric="${m.id}" data-verdict="${m.verdict}">${caption}<div class="pair">${charts}</div></figure>`;
}

const W = 420;
const H = 200;

const ORDERED: Record<string, string[]> = {
  'hour-of-day': Array.from({ length: 24 }, (_, h) => String(h)),
  weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Bars of one side's shares over the categories of both (hours and days in order, else the 16 largest), same scale on both sides. */
function barChart(m: MetricResult, side: number, name: string): string {
  const keys = ORDERED[m.id] ?? [...new Set([...Object.keys(m.a), ...Object.keys(m.b)])].slice(0, 16);
  const values = side === 0 ? m.a : m.b;
  const max = Math.max(1e-9, ...keys.map((k) => Math.max(m.a[k] ?? 0, m.b[k] ?? 0)));
  const bw = (W - 40) / Math.max(1, keys.length);
  const bars = keys.map((k, i) => {
    const h = ((values[k] ?? 0) / max) * (H - 50);
    return `<rect class="bar" x="${(30 + i * bw + 1).toFixed(1)}" y="${(H - 30 - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[side]}"><title>${esc(k)}: ${values[k] ?? 0}</title></rect>`;
  }).join('');
  // Long names (operations) are slanted so neighbours do not overlap.
  const slant = keys.some((k) => k.length * 5 > bw);
  const labels = keys.map((k, i) => {
    const x = (30 + i * bw + bw / 2).toFixed(1);
    const text = esc(k.length > 14 ? `${k.slice(0, 13)}…` : k);
    return slant
      ? `<text x="${x}" y="${H - 22}" font-size="7" text-anchor="start" transform="rotate(30 ${x} ${H - 22})">${text}</text>`
      : `<text x="${x}" y="${H - 16}" font-size="9" text-anchor="middle">${text}</text>`;
  }).join('');
  return svg(name, side, `${axis()}${bars}${labels}`);
}

/** Empirical CDF of one side (log scale when the values span decades). */
function cdfChart(m: MetricResult, side: number, name: string): string {
  const pts = m.cdf![side]!;
  const all = [...m.cdf![0]!, ...m.cdf![1]!].map(([x]) => x);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const log = lo >= 0 && hi / Math.max(1, lo) > 100;
  const fx = (x: number): number => (log ? Math.log10(1 + x) / Math.log10(1 + hi) : hi > lo ? (x - lo) / (hi - lo) : 0.5);
  const path = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${(30 + fx(x) * (W - 40)).toFixed(1)},${(H - 30 - y * (H - 50)).toFixed(1)}`).join('');
  const ticks = `<text x="30" y="${H - 16}" font-size="9">${round3(lo)}</text><text x="${W - 10}" y="${H - 16}" font-size="9" text-anchor="end">${round3(hi)}${log ? ' (log)' : ''}</text>`;
  return svg(name, side, `${axis()}<path class="cdf" d="${path}" fill="none" stroke="${COLORS[side]}" stroke-width="2"/>${ticks}`);
}

function axis(): string {
  return `<line x1="30" y1="${H - 30}" x2="${W - 10}" y2="${H - 30}" stroke="#888"/><line x1="30" y1="20" x2="30" y2="${H - 30}" stroke="#888"/>`;
}

function svg(name: string, side: number, body: string): string {
  return `<div><div class="side" style="color:${COLORS[side]}">${esc(name)}</div><svg class="chart" data-side="${side}" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg></div>`;
}

function round3(x: number): string {
  return Number(x.toPrecision(3)).toString();
}
