/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * Skipped with a message when /usr/bin/chromium is missing, unless TRAILSMITH_REQUIRE_CHROMIUM=1
 * (CI installs it: `apt-get install -y chromium`). Local file only; no network.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords, type GeneratedRecord } from '../../src/api.js';
import { compareRecords, formatHtml } from '../../src/compare/index.js';

const CHROMIUM = process.env.TRAILSMITH_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const required = process.env.TRAILSMITH_REQUIRE_CHROMIUM === '1';
if (!present && !required) {
  process.stderr.write(`html-browser.test.ts: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium; TRAILSMITH_REQUIRE_CHROMIUM=1 makes this a failure)\n`);
}

const QUICKSTART = join(import.meta.dirname, '../../examples/quickstart.scenario.yaml');
const BLUE = [0x1f, 0x77, 0xb4];
const ORANGE = [0xff, 0x7f, 0x0e];

describe.skipIf(!present && !required)('compare --html in headless Chromium', () => {
  let work: string;
  let page: import('playwright-core').Page;
  let context: import('playwright-core').BrowserContext;

  beforeAll(async () => {
    if (!present) throw new Error(`TRAILSMITH_REQUIRE_CHROMIUM=1 but no Chromium at ${CHROMIUM}`);
    work = await mkdtemp(join(tmpdir(), 'trailsmith-html-'));
    const records = async (seed: number): Promise<GeneratedRecord[]> => {
      const out: GeneratedRecord[] = [];
      for await (const r of generateRecords(QUICKSTART, { records: 2000, seed })) out.push(r);
      return out;
    };
    const report = await compareRecords(await records(1), await records(2));
    await writeFile(join(work, 'report.html'), formatHtml(report, ['original', 'twin']));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(join(work, 'report.html')).href);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('draws 15 figures, each with two charts side by side', async () => {
    const figures = await page.$$eval('figure', (fs) => fs.map((f) => {
      const boxes = [...f.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect());
      return boxes.map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height }));
    }));
    expect(figures).toHaveLength(15);
    for (const [left, right] of figures) {
      expect(left!.w).toBeGreaterThan(300);
      expect(left!.h).toBeGreaterThan(100);
      expect(right!.y).toBe(left!.y);
      expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.w);
    }
    expect(await page.locator('#overall').textContent()).toMatch(/overall: (PASS|FAIL)/);
  });

  it('draws bars for mixes and CDF lines for continuous metrics, with visible height', async () => {
    const bars = await page.$$eval('figure[data-metric="operations"] rect.bar', (rs) => rs.map((r) => r.getBoundingClientRect().height));
    expect(bars.length).toBeGreaterThan(10);
    expect(bars.filter((h) => h > 1).length).toBeGreaterThan(10);
    const lines = await page.$$eval('figure[data-metric="inter-arrival"] path.cdf', (ps) => ps.map((p) => (p as unknown as { getTotalLength(): number }).getTotalLength()));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toBeGreaterThan(100);
  });

  it('paints the left chart in the first colour and the right one in the second (screenshot pixels)', async () => {
    const shot = await page.screenshot({ fullPage: true });
    await writeFile(join(work, 'report.png'), shot);
    const charts = page.locator('figure[data-metric="hour-of-day"] svg.chart');
    // Runs in the page (the test's TypeScript has no DOM types): decode the PNG, count pixels near rgb.
    const count = async (png: Buffer, rgb: number[]): Promise<number> =>
      page.evaluate(`(async () => {
        const img = new Image();
        img.src = 'data:image/png;base64,${png.toString('base64')}';
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const px = g.getImageData(0, 0, c.width, c.height).data;
        const [r, gr, b] = ${JSON.stringify(rgb)};
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - gr) + Math.abs(px[i + 2] - b) < 30) n++;
        return n;
      })()`);
    const left = await charts.nth(0).screenshot();
    const right = await charts.nth(1).screenshot();
    expect(await count(left, BLUE)).toBeGreaterThan(500);
    expect(await count(left, ORANGE)).toBe(0);
    expect(await count(right, ORANGE)).toBeGreaterThan(500);
    expect(await count(right, BLUE)).toBe(0);
    expect(await count(shot, BLUE)).toBeGreaterThan(await count(left, BLUE));
  });
});
