// Playwright scenarios against a running stack (BASE_URL), driving Debian's Chromium (CHROME_BIN); each prints
// one `RESULT {json}` line for tests/console/test_console_e2e.py to check against the API. Screenshots and axe
// reports go to ARTIFACTS (gitignored).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const ARTIFACTS = resolve(process.env.ARTIFACTS ?? 'test-artifacts');
const FIXTURES = resolve('..', 'tests', 'fixtures', 'media');
const PASSWORD = 'demo-pass-2026';
const USERS = {
  superadmin: 'superadmin@siete.demo',
  admin: 'admin@siete.demo',
  manager: 'manager@siete.demo',
  shopper: 'shopper@siete.demo',
};
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

mkdirSync(ARTIFACTS, { recursive: true });
const opened = [];  // every context, so a failure can leave screenshots of what each page showed

async function open(viewport = DESKTOP) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'es-DO', reducedMotion: 'reduce' });
  context.setDefaultTimeout(90000);  // a loaded 2-core CI host; each wait still ends by itself
  opened.push(context);
  const problems = [];
  context.on('console', (m) => {
    // CSP refusals and Angular's reported errors; failed loads are the API's answers, checked by each scenario.
    if (/Content Security Policy|Refused to/.test(m.text()) || (m.type() === 'error' && !/^Failed to load resource/.test(m.text()))) {
      problems.push(m.text().slice(0, 300));
    }
  });
  context.on('weberror', (e) => problems.push(String(e.error())));
  return { browser, context, problems };
}

async function login(context, role) {
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#email', USERS[role]);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=nav]', { state: 'attached' });
  return page;
}

async function apiToken(role) {
  const answer = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: USERS[role], password: PASSWORD }),
  });
  if (!answer.ok) throw new Error(`login ${role}: ${answer.status}`);
  return (await answer.json()).access_token;
}

async function shot(page, name) {
  const path = join(ARTIFACTS, `${name}.png`);
  mkdirSync(join(path, '..'), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}

/** axe-core run through the DevTools protocol (not an injected tag, so the page's CSP stays as it is). */
async function axe(page, name) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);  // PrimeNG's colour transitions settle before contrast is measured
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  writeFileSync(join(ARTIFACTS, `axe-${name}.json`), JSON.stringify(result.violations, null, 2));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return serious.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
}

async function waitStatus(page, statuses, timeout) {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid=status] [data-status]')?.getAttribute('data-status')),
    statuses,
    { timeout, polling: 500 },
  );
  return page.locator('[data-testid=status] [data-status]').getAttribute('data-status');
}

const scenarios = {
  /** Each role sees only its navigation; every page of it is screenshotted; a shopper on an admin URL goes home. */
  async navigation() {
    const navs = {};
    const problems = [];
    let shopperOnAdminUrl = null;
    let afterLogout = null;
    for (const role of Object.keys(USERS)) {
      const { browser, context, problems: found } = await open(role === 'shopper' ? PHONE : DESKTOP);
      const page = await login(context, role);
      navs[role] = await page.locator('[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')));
      for (const path of navs[role]) {
        await page.goto(`${BASE}${path}`);
        await page.waitForSelector('main h1');
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await shot(page, `${role}/${path === '/' ? 'dashboard' : path.slice(1)}`);
      }
      if (role === 'shopper') {
        await page.goto(`${BASE}/users`);
        await page.waitForSelector('main h1');
        shopperOnAdminUrl = new URL(page.url()).pathname;
      }
      await page.click('[data-testid=logout]');
      await page.waitForURL('**/login');
      afterLogout = new URL(page.url()).pathname;
      problems.push(...found);
      await browser.close();
    }
    return { navs, shopperOnAdminUrl, afterLogout, problems };
  },

  /** A newcomer registers with the company's invitation code (errors shown in place first), then switches to English. */
  async register() {
    const { browser, context, problems } = await open(PHONE);
    const page = await context.newPage();
    await page.goto(`${BASE}/register`);
    const email = process.env.EMAIL;
    await page.fill('#reg-invite_code', 'not-a-code');
    await page.fill('#reg-first_name', 'Nueva');
    await page.fill('#reg-last_name', 'Evaluadora');
    await page.fill('#reg-email', email);
    await page.fill('#reg-password', 'short');
    await page.getByRole('button', { name: 'Registrarme' }).click();
    await page.waitForSelector('#password-error');
    const fieldError = await page.locator('#password-error').textContent();
    await shot(page, 'anonymous/register-errors');
    await page.fill('#reg-password', 'una-clave-larga-2026');
    await page.fill('#reg-invite_code', 'demo-invite');
    await page.getByRole('button', { name: 'Registrarme' }).click();
    await page.waitForSelector('[data-testid=register-sent]');
    const sent = (await page.locator('[data-testid=register-sent]').textContent()).trim();
    await shot(page, 'anonymous/register-sent');
    await browser.close();
    return { fieldError, sent, problems };
  },

  /** The newcomer opens the link of the confirmation mail, lands on the sign-in page, signs in, switches to English. */
  async confirm() {
    const { browser, context, problems } = await open(PHONE);
    const page = await context.newPage();
    await page.goto(process.env.LINK);
    await page.waitForSelector('[data-testid=email-confirmation]');
    const confirmed = (await page.locator('[data-testid=email-confirmation]').textContent()).trim();
    await page.fill('#email', process.env.EMAIL);
    await page.fill('#password', 'una-clave-larga-2026');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=nav]', { state: 'attached' });
    const nav = await page.locator('[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')));
    await page.selectOption('#lang', 'en');
    await page.waitForSelector('main h1:has-text("Dashboard")');
    const english = await page.locator('main h1').textContent();
    await shot(page, 'shopper/dashboard-en');
    await browser.close();
    return { confirmed, nav, english: english.trim(), problems };
  },

  /** The shopper on a phone: pick campaign and zone, choose the fixture video, upload, follow it to completion. */
  async submit() {
    const { browser, context, problems } = await open(PHONE);
    const page = await login(context, 'shopper');
    await page.goto(`${BASE}/submit`);
    await page.waitForSelector('#s-campaign option[value]:not([value=""])', { state: 'attached' });
    const serious = await axe(page, 'submission');
    const campaign = process.env.CAMPAIGN_NAME;
    if (campaign) await page.selectOption('#s-campaign', { label: campaign });
    else await page.selectOption('#s-campaign', { index: 1 });
    await page.waitForSelector('#s-zone option[value]:not([value=""])', { state: 'attached' });
    await page.selectOption('#s-zone', { index: 1 });
    await page.setInputFiles('[data-testid=video-input]', join(FIXTURES, process.env.VIDEO ?? 'good_service.mp4'));
    await shot(page, 'shopper/submission-filled');
    // A slow uplink (about 2 s for the fixture) so the bar has something to show; every value it takes is recorded.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => {
        window.__via = document.querySelector('[data-testid=upload-via]')?.getAttribute('data-via') ?? window.__via;
        const bar = document.querySelector('[data-testid=upload-progress]');
        const value = bar?.getAttribute('aria-valuenow');
        if (value !== null && value !== undefined) window.__progress.push(Number(value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByRole('button', { name: /Enviar evaluación/ }).click();
    await page.waitForSelector('[data-testid=upload-progress]', { timeout: 10000 });
    await shot(page, 'shopper/submission-uploading');
    const progress = await page.evaluate(async () => {
      while (!/\/evaluations\/\d+$/.test(location.pathname)) await new Promise((r) => setTimeout(r, 50));
      return window.__progress;
    });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const id = Number(page.url().split('/').pop());
    const via = await page.evaluate(() => window.__via);
    if (process.env.WAIT === '0') {  // Stream: the analysis starts only once Cloudflare's webhook arrives
      await page.waitForSelector('[data-testid=status] [data-status]');
      await shot(page, 'shopper/evaluation-stream');
      await browser.close();
      return { id, via, progress, serious, problems };
    }
    const status = await waitStatus(page, ['completed', 'failed'], 360000);
    await shot(page, 'shopper/evaluation');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await browser.close();
    return { id, via, status, progress, overflow, serious, problems };
  },

  /** The admin opens a completed evaluation, clicks evidence, and the player moves to the quote's second. */
  async evidence() {
    const { browser, context, problems } = await open(DESKTOP);
    const page = await login(context, 'admin');
    const started = Date.now();
    await page.goto(`${BASE}/`);
    await page.waitForSelector('[data-testid=kpis] [data-count=submitted]');
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const dashboardMs = Date.now() - started;
    const seriousDashboard = await axe(page, 'dashboard');
    await page.goto(`${BASE}/evaluations/${process.env.EVALUATION_ID}`);
    await page.waitForSelector('[data-testid=evidence]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=player]')?.readyState ?? 0) >= 1);
    const evidence = page.locator('[data-testid=evidence]').last();
    const start = Number(await evidence.getAttribute('data-start'));
    await evidence.click();
    await page.waitForFunction(
      (s) => Math.abs(document.querySelector('[data-testid=player]').currentTime - s) < 0.75,
      start,
      { timeout: 10000 },
    );
    const currentTime = await page.evaluate(() => document.querySelector('[data-testid=player]').currentTime);
    const active = await page.locator('[data-testid=transcript] [aria-current=true]').count();
    await shot(page, 'admin/evaluation');
    const seriousEvaluation = await axe(page, 'evaluation');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-pdf]')]);
    const pdf = readFileSync(await download.path()).subarray(0, 5).toString('latin1');
    const pdfFilename = download.suggestedFilename();
    await page.click('[data-testid=logout]');
    await page.waitForURL('**/login');
    const seriousLogin = await axe(page, 'login');
    await browser.close();
    return {
      start, currentTime, active, pdf, pdfFilename, dashboardMs, problems,
      serious: { login: seriousLogin, dashboard: seriousDashboard, evaluation: seriousEvaluation },
    };
  },

  /** The admin builds a survey with the builder and a campaign that uses it, with a zone and the shopper. */
  async campaign() {
    const { browser, context, problems } = await open(DESKTOP);
    const page = await login(context, 'admin');
    const name = process.env.CAMPAIGN_NAME;
    await page.goto(`${BASE}/surveys/new`);
    await page.fill('#sv-name', `Encuesta ${name}`);
    await page.fill('#q-text-0', '¿Le saludaron al entrar?');
    await page.click('[data-testid=add-question]');
    await page.fill('#q-text-1', '¿Qué tan probable es que nos recomiende?');
    await page.selectOption('#q-type-1', 'nps');
    await page.click('[data-testid=add-question]');
    await page.fill('#q-text-2', '¿Qué le ofrecieron?');
    await page.selectOption('#q-type-2', 'multiple_choice');
    await page.fill('#q-opts-2', 'Plan, Equipo, Internet');
    await page.click('[data-testid=save-survey]');
    await page.waitForURL(/\/surveys\/\d+$/);
    const surveyId = Number(page.url().split('/').pop());
    await page.goto(`${BASE}/campaigns/new`);
    await page.waitForSelector('#c-survey option:nth-child(2)', { state: 'attached' });
    await page.fill('#c-name', name);
    const today = new Date();
    const iso = (d) => d.toISOString().slice(0, 10);
    await page.fill('#c-start', iso(new Date(today.getTime() - 86400000)));
    await page.fill('#c-end', iso(new Date(today.getTime() + 30 * 86400000)));
    await page.fill('#c-goal', '12');
    await page.selectOption('#c-survey', { label: `Encuesta ${name} (v1)` });
    await page.getByLabel('Santo Domingo Centro').check();
    await page.getByLabel(/Sofia Shopper/).check();
    await shot(page, 'admin/campaign-new');
    await page.click('[data-testid=save-campaign]');
    await page.waitForURL(/\/campaigns\/\d+$/);
    const campaignId = Number(page.url().split('/').pop());
    await page.waitForSelector('[data-testid=progress]');
    await browser.close();
    const shopper = await open(PHONE);
    const phone = await login(shopper.context, 'shopper');
    await phone.goto(`${BASE}/submit`);
    await phone.waitForSelector('#s-campaign option[value]:not([value=""])', { state: 'attached' });
    await phone.selectOption('#s-campaign', { label: name });
    await phone.waitForSelector('[data-testid=survey]');
    const questions = await phone.locator('[data-testid=survey] [data-question]').count();
    await shot(phone, 'shopper/submission-survey');
    await shopper.browser.close();
    return { surveyId, campaignId, questions, problems: [...problems, ...shopper.problems] };
  },

  /** A notification reaches the open notifications page over SSE, and the list's chip changes, without reload. */
  async live() {
    const { browser, context, problems } = await open(PHONE);
    const page = await login(context, 'shopper');
    await page.goto(`${BASE}/notifications`);
    await page.waitForSelector('[data-testid=live]:has-text("En vivo")', { timeout: 30000 });
    const before = await page.locator('[data-notification]').count();
    const list = await context.newPage();
    await list.goto(`${BASE}/evaluations`);
    await list.waitForSelector('[data-testid=evaluations-table]');
    const token = await apiToken('shopper');
    const campaigns = await (await fetch(`${BASE}/api/v1/campaigns?active_on=${new Date().toISOString().slice(0, 10)}`, {
      headers: { Authorization: `Bearer ${token}` },
    })).json();
    const campaign = campaigns.find((c) => c.name === 'Experiencia en tienda Q4');
    const zones = await (await fetch(`${BASE}/api/v1/campaigns/${campaign.id}/zones`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const form = new FormData();
    form.set('campaign_id', String(campaign.id));
    form.set('zone_id', String(zones[0].id));
    form.set('video', new Blob([readFileSync(join(FIXTURES, 'no_audio.mp4'))], { type: 'video/mp4' }), 'no_audio.mp4');
    const submitted = await fetch(`${BASE}/api/v1/evaluations`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } });
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
    const evaluation = await submitted.json();
    await list.reload();
    const row = list.locator(`[data-evaluation="${evaluation.id}"] [data-status]`);
    const chipBefore = await row.getAttribute('data-status');
    await page.waitForFunction((n) => document.querySelectorAll('[data-notification]').length > n, before, { timeout: 180000 });
    const arrived = await page.locator('[data-notification]').first().getAttribute('data-notification');
    const unread = await page.locator('[data-testid=unread]').textContent().catch(() => null);
    await shot(page, 'shopper/notifications-live');
    await list.waitForSelector(`[data-evaluation="${evaluation.id}"] [data-status=failed]`, { timeout: 60000 });
    const chipAfter = await row.getAttribute('data-status');
    await browser.close();
    return { evaluationId: evaluation.id, before, arrived: Number(arrived), unread, chipBefore, chipAfter, problems };
  },

  /** The admin requests a report, watches it become ready and downloads it; schedules one and stops it. */
  async reports() {
    const { browser, context, problems } = await open(DESKTOP);
    const page = await login(context, 'admin');
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(`${BASE}/reports`);
    await page.waitForSelector('[data-testid=reports-table]');
    await page.waitForSelector('[data-testid=schedule-form] input[type=checkbox]', { state: 'attached' });
    const serious = await axe(page, 'reports');
    await page.selectOption('#r-kind', 'evaluations_xlsx');
    const [requested] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/reports'),
      page.click('[data-testid=request-report]'),
    ]);
    const reportId = (await requested.json()).id;
    const link = page.locator(`[data-download="${reportId}"]`);
    await link.waitFor({ timeout: 180000 });  // the list re-reads itself while a report is being built
    await shot(page, 'admin/reports');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const downloaded = readFileSync(await download.path()).subarray(0, 2).toString('latin1');
    // The signed link the browser followed, again without any session: it is the credential.
    const anonymous = await fetch(download.url());
    const head = Buffer.from(await anonymous.arrayBuffer()).subarray(0, 2).toString('latin1');
    await page.fill('#sc-name', 'Resumen semanal e2e');
    await page.selectOption('#sc-kind', 'campaign_pdf');
    await page.selectOption('#sc-frequency', 'weekly');
    await page.locator('[data-testid=schedule-form] input[type=checkbox]').first().check();
    await page.click('[data-testid=create-schedule]');
    const scheduled = page.locator('[data-schedule]', { hasText: 'Resumen semanal e2e' });
    await scheduled.waitFor();
    const scheduleId = Number(await scheduled.getAttribute('data-schedule'));
    await shot(page, 'admin/reports-scheduled');
    await scheduled.getByRole('button').click();
    await scheduled.waitFor({ state: 'detached' });
    await browser.close();
    return {
      reportId, url: new URL(download.url()).pathname, contentType: anonymous.headers.get('content-type'), status: anonymous.status,
      disposition: anonymous.headers.get('content-disposition'), head, downloaded,
      filename: download.suggestedFilename(), scheduleId, serious, problems,
    };
  },

  /** Review before publication end to end: the superadmin requires review for the company and toggles a reviewer;
   * a shopper's video waits in review; the admin sees "En revisión" without an analysis; the superadmin (a reviewer)
   * overrides a check with a reason and publishes; the admin sees the adjustment and disputes another check; the
   * reviewer accepts the dispute. Screenshots and axe of the new pages per role. */
  async review() {
    const companyId = process.env.COMPANY_ID;
    const managerId = process.env.MANAGER_ID;
    const su = await open(DESKTOP);
    const root = await login(su.context, 'superadmin');
    root.on('dialog', (dialog) => dialog.accept());
    await root.goto(`${BASE}/companies`);
    const companyRow = root.locator(`[data-testid=crud-table] tr[data-row="${companyId}"]`);
    await companyRow.locator('[data-action="company.requireReview"]').click();
    await companyRow.locator('[data-action="company.stopReview"]').waitFor();
    await shot(root, 'superadmin/companies-review');
    await root.goto(`${BASE}/users`);
    const managerRow = root.locator(`[data-testid=crud-table] tr[data-row="${managerId}"]`);
    await managerRow.locator('[data-action="user.grantReviewer"]').click();
    await managerRow.locator('[data-action="user.revokeReviewer"]').waitFor();
    const granted = (await managerRow.textContent()).includes('Sí');
    await shot(root, 'superadmin/users-reviewer');
    await managerRow.locator('[data-action="user.revokeReviewer"]').click();
    await managerRow.locator('[data-action="user.grantReviewer"]').waitFor();

    // The shopper's fixture video, through the API, analysed by the stack's worker.
    const shopperToken = await apiToken('shopper');
    const auth = (token) => ({ Authorization: `Bearer ${token}` });
    const campaigns = await (await fetch(`${BASE}/api/v1/campaigns`, { headers: auth(shopperToken) })).json();
    const campaign = campaigns.find((c) => c.name === 'Experiencia en tienda Q4');
    const zones = await (await fetch(`${BASE}/api/v1/campaigns/${campaign.id}/zones`, { headers: auth(shopperToken) })).json();
    const form = new FormData();
    form.set('campaign_id', String(campaign.id));
    form.set('zone_id', String(zones[0].id));
    form.set('video', new Blob([readFileSync(join(FIXTURES, 'good_service.mp4'))], { type: 'video/mp4' }), 'good_service.mp4');
    const submitted = await fetch(`${BASE}/api/v1/evaluations`, { method: 'POST', body: form, headers: auth(shopperToken) });
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
    const id = (await submitted.json()).id;

    const ad = await open(DESKTOP);
    const admin = await login(ad.context, 'admin');
    await admin.goto(`${BASE}/evaluations/${id}`);
    const adminStatus = await waitStatus(admin, ['in_review', 'completed', 'failed'], 360000);
    await admin.waitForSelector('[data-testid=in-review]');
    const adminInReview = (await admin.locator('[data-testid=in-review]').textContent()).trim();
    const adminKpis = await admin.locator('[data-testid=kpis]').count();
    const adminToken = await apiToken('admin');
    const adminAnalysis = (await fetch(`${BASE}/api/v1/evaluation-analysis/${id}`, { headers: auth(adminToken) })).status;
    await shot(admin, 'admin/evaluation-in-review');
    const seriousInReview = await axe(admin, 'evaluation-in-review');

    // The reviewer: the queue, then the evaluation's review panel.
    await root.goto(`${BASE}/reviews`);
    await root.locator(`[data-review="${id}"]`).waitFor();
    const queued = await root.locator('[data-review]').count();
    await shot(root, 'superadmin/reviews');
    const seriousQueue = await axe(root, 'reviews');
    await root.locator(`[data-review="${id}"] a`).click();
    await root.waitForURL(`**/evaluations/${id}`);
    await root.waitForSelector('[data-testid=review-panel]');
    await root.selectOption('#ov-target', 'check:saludo');
    const rootToken = await apiToken('superadmin');
    const before = await (await fetch(`${BASE}/api/v1/evaluation-analysis/${id}`, { headers: auth(rootToken) })).json();
    const aiSaludo = before.operative_view.calidad_basica.saludo;
    await root.selectOption('#ov-value', String(!aiSaludo));
    await root.click('[data-testid=save-override]');
    await root.waitForSelector('#ov-reason-error');
    const reasonError = (await root.locator('#ov-reason-error').textContent()).trim();
    const reason = 'El empleado saludó fuera de cámara (revisión e2e)';
    await root.fill('#ov-reason', reason);
    await root.click('[data-testid=save-override]');
    await root.waitForSelector('[data-adjustment="check:saludo"]');
    await shot(root, 'superadmin/evaluation-review');
    const seriousReview = await axe(root, 'evaluation-review');
    await root.click('[data-testid=publish]');
    await waitStatus(root, ['completed'], 30000);
    await root.waitForSelector('[data-testid=reviewed]');

    // The admin, again: the published analysis, the adjustment, and a dispute of another check.
    await admin.reload();
    await admin.waitForSelector('[data-adjustment="check:saludo"]');
    const adjustment = {
      ai: (await admin.locator('[data-adjustment="check:saludo"] [data-testid=ai-value]').textContent()).trim(),
      human: (await admin.locator('[data-adjustment="check:saludo"] [data-testid=human-value]').textContent()).trim(),
      reason: (await admin.locator('[data-adjustment="check:saludo"] [data-testid=adjustment-reason]').textContent()).trim(),
    };
    const reviewedNote = (await admin.locator('[data-testid=reviewed]').textContent()).trim();
    await admin.selectOption('#dp-target', 'check:oferta');
    await admin.fill('#dp-comment', 'El asesor sí ofreció el plan al final (disputa e2e)');
    const [opened] = await Promise.all([
      admin.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/disputes'),
      admin.click('[data-testid=submit-dispute]'),
    ]);
    const disputeId = (await opened.json()).id;
    await admin.locator(`[data-testid=dispute-box] [data-dispute="${disputeId}"]`).waitFor();
    await shot(admin, 'admin/evaluation-disputed');
    const seriousPublished = await axe(admin, 'evaluation-published');

    // The reviewer accepts it from the disputes page (no value: the check flips).
    await root.goto(`${BASE}/disputes`);
    await root.selectOption('#dq-status', 'open');
    await root.click('[data-testid=apply-filter]');
    const disputeRow = root.locator(`[data-testid=disputes-table] tr[data-dispute="${disputeId}"]`);
    await disputeRow.locator('[data-testid=resolve]').click();
    await root.waitForSelector('[data-testid=resolve-form]');
    await shot(root, 'superadmin/disputes-resolve');
    const seriousDisputes = await axe(root, 'disputes');
    await root.fill('#rs-reason', 'Se escucha la oferta en el minuto final');
    await root.click('[data-testid=accept-dispute]');
    await root.waitForSelector('[data-testid=resolve-form]', { state: 'detached' });
    await root.selectOption('#dq-status', '');
    await root.click('[data-testid=apply-filter]');
    await root.locator(`tr[data-dispute="${disputeId}"] [data-status=accepted]`).waitFor();
    await root.goto(`${BASE}/calibration`);
    await root.waitForSelector('[data-testid=calibration-table]');
    const calibrationRows = await root.locator('[data-testid=calibration-table] tbody tr[data-target]').count();
    await shot(root, 'superadmin/calibration');

    await admin.goto(`${BASE}/disputes`);
    await admin.locator(`tr[data-dispute="${disputeId}"] [data-status=accepted]`).waitFor();
    const adminResolve = await admin.locator('[data-testid=resolve]').count();
    await shot(admin, 'admin/disputes');
    await admin.goto(`${BASE}/calibration`);
    await admin.waitForSelector('[data-testid=calibration-table]');
    await shot(admin, 'admin/calibration');
    const seriousCalibration = await axe(admin, 'calibration');
    const adminNav = await admin.locator('[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')));
    await admin.goto(`${BASE}/reviews`);
    await admin.waitForSelector('main h1');
    const adminOnReviews = new URL(admin.url()).pathname;

    const mg = await open(DESKTOP);
    const manager = await login(mg.context, 'manager');
    await manager.goto(`${BASE}/disputes`);
    await manager.locator(`tr[data-dispute="${disputeId}"]`).waitFor();
    await shot(manager, 'manager/disputes');
    await manager.goto(`${BASE}/evaluations/${id}`);
    await manager.waitForSelector('[data-adjustment="check:oferta"]');
    await shot(manager, 'manager/evaluation-reviewed');
    for (const b of [su, ad, mg]) await b.browser.close();
    return {
      id, disputeId, granted, adminStatus, adminInReview, adminKpis, adminAnalysis, queued, aiSaludo, reasonError,
      adjustment, reviewedNote, adminResolve, adminNav, adminOnReviews, calibrationRows,
      serious: { inReview: seriousInReview, queue: seriousQueue, review: seriousReview, published: seriousPublished,
        disputes: seriousDisputes, calibration: seriousCalibration },
      problems: [...su.problems, ...ad.problems, ...mg.problems],
    };
  },

  /** The admin exports a list other than evaluations (LIST, default zones) to CSV. */
  async listCsv() {
    const { browser, context, problems } = await open(DESKTOP);
    const page = await login(context, 'admin');
    await page.goto(`${BASE}/${process.env.LIST ?? 'zones'}`);
    await page.waitForSelector('[data-testid=crud-table] tbody tr[data-row]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    await browser.close();
    return { filename: download.suggestedFilename(), csv, problems };
  },

  /** The admin exports the evaluations list to CSV. */
  async csv() {
    const { browser, context, problems } = await open(DESKTOP);
    const page = await login(context, 'admin');
    await page.goto(`${BASE}/evaluations`);
    await page.waitForSelector('[data-testid=evaluations-table] tbody tr');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    await browser.close();
    return { filename: download.suggestedFilename(), csv, problems };
  },
};

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`unknown scenario ${name}; one of: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const timer = setTimeout(() => {
  console.error(`scenario ${name} timed out`);
  process.exit(3);
}, Number(process.env.SCENARIO_TIMEOUT_MS ?? 400000));
try {
  const result = await scenarios[name]();
  console.log(`RESULT ${JSON.stringify(result)}`);
  clearTimeout(timer);
} catch (error) {
  console.error(error);
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await page.screenshot({ path: join(ARTIFACTS, `failure-${name}-${n++}.png`), fullPage: true }).catch(() => undefined);
      const alerts = await page.locator('[role=alert]').allTextContents().catch(() => []);
      console.error(`page ${n - 1}: ${page.url()} alerts: ${JSON.stringify(alerts)}`);
    }
  }
  process.exit(1);
}
