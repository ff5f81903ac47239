// Console load benchmark: the production bundle's initial size (raw, gzip) and the admin dashboard's time to
// interactive in Debian's Chromium against a running stack (BASE_URL), beside a same-run baseline: the dashboard's own
// API calls fetched from the same page. Usage: node bench/console/load.mjs [runs]  (BASE_URL, CHROME_BIN from env).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');
const { chromium } = createRequire(join(WEB, 'package.json'))('playwright-core');
const DIST = join(WEB, 'dist', 'siete-console', 'browser');
const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const RUNS = Number(process.argv[2] ?? 7);

/** The files the browser loads before the first route: index.html's scripts, preloads and styles. */
function initialBundle() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const names = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const files = ['index.html', ...new Set(names)];
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(DIST, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const all = readdirSync(DIST).filter((f) => /\.(js|css)$/.test(f));
  const total = all.reduce((n, f) => n + readFileSync(join(DIST, f)).length, 0);
  return {
    files: sizes.length,
    raw: sizes.reduce((n, s) => n + s.raw, 0),
    gzip: sizes.reduce((n, s) => n + s.gzip, 0),
    allChunksRaw: total,
    chunks: all.length,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(`${BASE}/login`);
await page.fill('#email', 'admin@siete.demo');
await page.fill('#password', 'demo-pass-2026');
await page.click('button[type=submit]');
await page.waitForSelector('[data-testid=kpis]');
const storageState = await context.storageState();

/** Navigation start → the dashboard drawn (KPI cards, both charts) and every API answer it asked for received. */
async function interactive(target) {
  await target.goto(`${BASE}/`, { waitUntil: 'commit' });
  const ready = await (await target.waitForFunction(() =>
    document.querySelector('[data-testid=kpis] [data-count=submitted]') && document.querySelectorAll('canvas').length >= 2
      ? performance.now() : false, null, { polling: 'raf' })).jsonValue();
  await target.waitForTimeout(300);
  const answers = await target.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => r.name.includes('/api/v1/') && !r.name.includes('/stream')).map((r) => r.responseEnd));
  return Math.max(ready, ...answers);
}

const warm = [];
const cold = [];
const api = [];
for (let i = 0; i < RUNS; i++) {
  warm.push(await interactive(page));  // a reload with the assets cached, as a returning user
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
  cold.push(await interactive(await fresh.newPage()));  // an empty cache: every chunk fetched
  await fresh.close();
  api.push(await page.evaluate(async () => {  // the baseline: the same API calls, from the same page, in parallel
    const token = JSON.parse(localStorage.getItem('siete.tokens')).access_token;
    const headers = { Authorization: `Bearer ${token}` };
    const started = performance.now();
    await Promise.all(['/api/v1/dashboard', '/api/v1/dashboard/trends?kpi=nps&interval=week',
      '/api/v1/dashboard/trends?kpi=ird&interval=week', '/api/v1/campaigns?page=1&page_size=100',
      '/api/v1/zones?page=1&page_size=100'].map((u) => fetch(u, { headers }).then((r) => r.arrayBuffer())));
    return performance.now() - started;
  }));
}
await browser.close();
const bundle = initialBundle();
console.log(JSON.stringify({
  base: BASE, runs: RUNS, bundle,
  dashboard_tti_ms: {
    warm: { median: Math.round(median(warm)), min: Math.round(Math.min(...warm)), max: Math.round(Math.max(...warm)) },
    cold: { median: Math.round(median(cold)), min: Math.round(Math.min(...cold)), max: Math.round(Math.max(...cold)) },
  },
  dashboard_api_ms: { median: Math.round(median(api)) },
  ratio_warm: +(median(warm) / median(api)).toFixed(1),
}, null, 1));
