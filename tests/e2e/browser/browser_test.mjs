// Browser end-to-end test: the real binary serving a demo database on 127.0.0.1, driven by playwright-core
// in Debian's chromium. An evaluator signs in, scores every question of area 1 of a draft, adds a finding,
// sees the area total, reconciles a blind scoring, downloads the PDF and signs out; the draft is then a 404 to
// the public; Sundsvall's municipality user adds an action to its plan, notes progress and downloads the plan as
// XLSX; an admin reads the evaluators' drift. axe-core checks every page visited for serious or critical
// accessibility violations.
//
// Usage: node browser_test.mjs BINARY SOURCE_DIR
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [binary, sourceDir] = process.argv.slice(2);
if (!binary || !sourceDir) {
  console.error('usage: node browser_test.mjs BINARY SOURCE_DIR');
  process.exit(2);
}
const axePath = path.join(sourceDir, 'node_modules', 'axe-core', 'axe.min.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kompass-browser-'));
const db = path.join(work, 'demo.db');
const password = 'browser-test-password';
const failures = [];

function kompass(args, input) {
  return execFileSync(binary, ['--db', db, '--lang', 'en', ...args], { input, encoding: 'utf8' });
}

function check(condition, message) {
  if (!condition) {
    failures.push(message);
    console.error(`FAIL: ${message}`);
  } else {
    console.log(`ok: ${message}`);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(base, child) {
  for (let i = 0; i < 200; ++i) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not answer /healthz');
}

// Runs axe-core on the page and records every serious or critical violation.
const checkedPages = new Set();
async function checkAccessibility(page, label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    console.error(`  ${label}: ${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  check(bad.length === 0, `accessibility of ${label}: ${bad.length} serious/critical violations`);
  checkedPages.add(label);
}

async function visit(page, url, label, expectedStatus = 200) {
  const response = await page.goto(url);
  check(response.status() === expectedStatus, `${label}: status ${response.status()}, expected ${expectedStatus}`);
  await checkAccessibility(page, label);
  return response;
}

async function main() {
  execFileSync(path.join(sourceDir, 'scripts', 'demo-db'), [binary, db]);
  kompass(['user', 'add', 'eva', '--role', 'evaluator', '--name', 'Eva Evaluator'], `${password}\n`);
  kompass(['user', 'add', 'sundsvall', '--role', 'municipality', '--municipality', '2281'], `${password}\n`);
  kompass(['user', 'add', 'admin', '--role', 'admin'], `${password}\n`);
  const draft = kompass([
    'evaluation', 'create', '--municipality', '2281', '--year', '2016', '--framework', 'kommunkompassen-2010',
  ]).trim().split(/\s+/).pop();
  kompass(['evaluation', 'assign', draft, 'eva']);
  kompass(['source', 'add', draft, '--kind', 'document', '--title', 'Årsredovisning 2015'], '');
  // A small edition scored blind by eva and olle, both done: the reconciliation is ready.
  kompass(['framework', 'load', path.join(sourceDir, 'tests', 'data', 'frameworks', 'blind', 'small.yaml')]);
  const blind = kompass([
    'evaluation', 'create', '--municipality', '2281', '--year', '2019', '--framework', 'blind-test',
  ]).trim().split(/\s+/).pop();
  kompass(['evaluation', 'blind', blind, '--evaluator', 'eva', '--evaluator', 'olle']);
  const blindPoints = { eva: [4, 2, 1, 3, 0], olle: [1, 2, 2, 3, 0] };
  for (const [name, points] of Object.entries(blindPoints)) {
    ['1.1.1', '1.1.2', '1.1.3', '2.1.1', '2.1.2'].forEach((question, i) => {
      kompass(['score', 'set', blind, '--question', question, '--points', String(points[i]), '--evaluator', name,
        '--rationale', `${name} om ${question}`]);
    });
    kompass(['evaluation', 'scoring-done', blind, '--evaluator', name]);
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '8'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serverLog = '';
  server.stderr.on('data', (chunk) => { serverLog += chunk; });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitForHealth(base, server);
    const context = await browser.newContext({ acceptDownloads: true, locale: 'sv-SE', bypassCSP: true });
    const page = await context.newPage();

    // The public: the start page, the published sample, and no trace of the draft.
    await visit(page, `${base}/`, 'start page');
    await visit(page, `${base}/evaluations/sundsvall-2012`, 'published evaluation');
    check((await page.content()).includes('482'), 'the published evaluation shows its total 482');
    await visit(page, `${base}/evaluations/sundsvall-2012/report`, 'report page');
    await visit(page, `${base}/municipalities/SE/2281`, 'municipality page');
    await visit(page, `${base}/rankings`, 'rankings page');
    await visit(page, `${base}/compare?evaluation=sundsvall-2012`, 'compare page');
    await visit(page, `${base}/tillganglighet`, 'accessibility statement');
    await visit(page, `${base}/evaluations/${draft}`, 'draft before sign-in (404 page)', 404);
    await visit(page, `${base}/login`, 'sign-in page');

    // Sign in.
    await page.fill('#login-username', 'eva');
    await page.fill('#login-password', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    check(!page.url().endsWith('/login'), `signed in (now at ${page.url()})`);

    await visit(page, `${base}/evaluations/${draft}`, 'draft overview (signed in)');
    const before = await page.locator('main').innerText();

    // Score every question of area 1 in the workspace.
    await visit(page, `${base}/evaluations/${draft}/scoring`, 'scoring workspace');
    const forms = page.locator('article.question form.score-form');
    const areaOne = [];
    for (let i = 0; i < (await forms.count()); ++i) {
      const action = await forms.nth(i).getAttribute('action');
      if (/\/question\/1\.\d+\.\d+$/.test(action)) areaOne.push(action);
    }
    check(areaOne.length > 0, `the workspace lists area 1's questions (${areaOne.length})`);
    let expectedTotal = 0;
    for (const action of areaOne) {
      const form = page.locator(`form[action="${action}"]`);
      const max = Number(await form.locator('input[name=points]').getAttribute('max'));
      const points = Math.min(max, 2);
      expectedTotal += points;
      await form.locator('input[name=points]').fill(String(points));
      await form.locator('textarea[name=rationale]').fill(`Bedömt i webbläsartestet (${action})`);
      await form.locator('button[type=submit]').click();
      await page.locator(`form[action="${action}"] .saved-note, form[action="${action}"] ~ .saved-note`).first()
        .waitFor({ timeout: 10000 })
        .catch(() => page.waitForLoadState('load'));
    }
    const scores = await (await fetch(`${base}/api/v1/evaluations/${draft}`, {
      headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    })).json();
    const area1 = scores.areas.find((a) => a.number === 1);
    check(area1 && area1.points === expectedTotal, `area 1 totals ${expectedTotal} after scoring (got ${area1 && area1.points})`);

    await visit(page, `${base}/evaluations/${draft}`, 'draft overview after scoring');
    const after = await page.locator('main').innerText();
    check(after !== before && after.includes(String(expectedTotal)), `the overview shows area 1's new total ${expectedTotal}`);

    // Add a finding.
    await visit(page, `${base}/evaluations/${draft}/findings`, 'findings page');
    const findingText = 'Webbläsartestets styrka: tydlig medborgardialog';
    const addForm = page.locator(`form[action="/evaluations/${draft}/findings"]`);
    await addForm.locator('select[name=area]').selectOption('1');
    await addForm.locator('input[name=kind][value=strength]').check();
    await addForm.locator('textarea[name=text]').fill(findingText);
    await Promise.all([page.waitForNavigation(), addForm.locator('button[type=submit]').click()]);
    check((await page.content()).includes(findingText), 'the new finding is listed');
    await checkAccessibility(page, 'findings page after adding');

    await visit(page, `${base}/evaluations/${draft}/sources`, 'sources page');
    await visit(page, `${base}/evaluations/${draft}/audit`, 'audit log page');
    check((await page.content()).includes('eva'), 'the audit log names the evaluator');

    // Reconcile the blind scoring: the differences largest first, an agreed score with a note, the rest at once.
    await visit(page, `${base}/evaluations/${blind}/reconciliation`, 'reconciliation page');
    const reconcileText = await page.locator('main').innerText();
    const [largest, smaller] = ['Fråga 1.1.1', 'Fråga 1.1.3'].map((text) => reconcileText.indexOf(text));
    check(largest >= 0 && largest < smaller, 'the reconciliation lists the largest difference first');
    check(reconcileText.includes('eva om 1.1.1') && reconcileText.includes('olle om 1.1.1'),
      'both rationales are shown side by side');
    const agreedForm = page.locator(`form[action="/evaluations/${blind}/reconciliation"]`).first();
    await agreedForm.locator('input[name=points]').fill('2');
    await agreedForm.locator('textarea[name=note]').fill('Enades i webbläsartestet');
    await Promise.all([page.waitForNavigation(), agreedForm.locator('button[type=submit]').click()]);
    check((await page.content()).includes('Överenskommen poäng: 2 av 4.'), 'the agreed score is shown');
    await Promise.all([page.waitForNavigation(),
      page.click(`form[action="/evaluations/${blind}/reconciliation/accept"] button[type=submit]`)]);
    check((await page.content()).includes('De samstämmiga frågorna har fått överenskommen poäng.'),
      'the questions scored alike are accepted');
    await checkAccessibility(page, 'reconciliation page after reconciling');

    // Start a re-evaluation of the published sample without its sources, reuse one of them on the sources
    // page, see the baseline beside the questions and read the follow-up.
    await visit(page, `${base}/evaluations/sundsvall-2012/reevaluate`, 're-evaluation form');
    await page.fill('#reevaluate-year', '2017');
    await page.uncheck('#reevaluate-sources');
    await Promise.all([page.waitForNavigation(),
      page.click('form[action="/evaluations/sundsvall-2012/reevaluate"] button[type=submit]')]);
    const followupId = new URL(page.url()).pathname.split('/').pop();
    check(/^sundsvall-2017/.test(followupId), `the re-evaluation is created (now at ${page.url()})`);
    await checkAccessibility(page, 're-evaluation overview');
    await visit(page, `${base}/evaluations/${followupId}/sources`, 're-evaluation sources with reusable ones');
    await Promise.all([page.waitForNavigation(), page.locator('form[action$="/sources/reuse"] button').first().click()]);
    check((await page.content()).includes('Källorna är återanvända'), 'a source of the baseline is reused');
    await visit(page, `${base}/evaluations/${followupId}/scoring`, 're-evaluation scoring workspace');
    check((await page.locator('details.baseline').count()) > 0, 'the workspace shows the baseline beside the questions');
    await visit(page, `${base}/evaluations/${followupId}/followup`, 'follow-up page');
    check((await page.content()).includes('482'), 'the follow-up shows the baseline total 482');

    // Download the PDF.
    await visit(page, `${base}/evaluations/${draft}/report`, 'draft report page');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`a[href$="/evaluations/${draft}/report.pdf"]`),
    ]);
    const pdf = path.join(work, 'report.pdf');
    await download.saveAs(pdf);
    check(fs.readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'the downloaded report is a PDF');

    // Sign out: the draft is gone from the public view.
    await page.goto(`${base}/evaluations/${draft}`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button[type=submit]')]);
    const gone = await page.goto(`${base}/evaluations/${draft}`);
    check(gone.status() === 404, `after signing out the draft is a 404 (got ${gone.status()})`);
    check(!(await page.content()).includes(findingText), 'the 404 page reveals nothing of the draft');

    // Sundsvall's municipality plans an action on a weakness of its published evaluation and notes progress.
    await visit(page, `${base}/login`, 'sign-in page again');
    await page.fill('#login-username', 'sundsvall');
    await page.fill('#login-password', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    await visit(page, `${base}/evaluations/sundsvall-2012/actions`, 'action plan page');
    const actionTitle = 'Webbläsartestets åtgärd: visselblåsarfunktion';
    const planForm = page.locator('form[action="/evaluations/sundsvall-2012/actions"]');
    await planForm.locator('input[name=title]').fill(actionTitle);
    await planForm.locator('input[name=finding]').first().check();
    await planForm.locator('input[name=due_date]').fill('2013-06-30');
    await Promise.all([page.waitForNavigation(), planForm.locator('button[type=submit]').click()]);
    check((await page.content()).includes(actionTitle), 'the new action is listed in the plan');
    check((await page.locator('.overdue-mark').count()) > 0, 'the overdue action is marked');
    await checkAccessibility(page, 'action plan page after adding');
    const noteForm = page.locator('li.plan-action form').first();
    await noteForm.locator('xpath=..').locator('summary').click();
    await noteForm.locator('select[name=status]').selectOption('in_progress');
    await noteForm.locator('textarea[name=note]').fill('Upphandlingen har börjat');
    await Promise.all([page.waitForNavigation(), noteForm.locator('button[type=submit]').click()]);
    check((await page.content()).includes('Upphandlingen har börjat'), 'the progress note is shown');
    const [plan] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href$="/evaluations/sundsvall-2012/action-plan.xlsx"]'),
    ]);
    const xlsx = path.join(work, 'plan.xlsx');
    await plan.saveAs(xlsx);
    check(fs.readFileSync(xlsx).subarray(0, 2).toString() === 'PK', 'the downloaded action plan is a workbook');

    // An admin reads the evaluators' drift from the agreed scores, linked in the navigation.
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button[type=submit]')]);
    await visit(page, `${base}/login`, 'sign-in page for the admin');
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('nav a[href="/evaluators/drift"]')]);
    await checkAccessibility(page, 'drift page');
    check(/eva[\s\S]*olle/.test(await page.locator('main table').innerText()), 'the drift page lists eva and olle');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (failures.length) console.error(serverLog.split('\n').slice(-30).join('\n'));
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${checkedPages.size} pages checked with axe-core`);
  if (failures.length) {
    console.error(`${failures.length} failures`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
