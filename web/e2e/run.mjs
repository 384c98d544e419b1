// Browser end-to-end specs: playwright-core driving Debian's Chromium against a running
// `chancery serve --demo` (E2E_BASE_URL). Each spec logs in as the demo people in turn,
// through the UI only. Screenshots go to test-results/. Exit code 1 if any spec fails.
import { chromium, request } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { a4Pdf } from './pdf.mjs';

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
const OUT = new URL('../test-results/', import.meta.url).pathname;
const RUN = Date.now().toString(36);
// The demo accounts' signing PIN (what confirms a signature or an issuance).
const DEMO_PIN = '246810';
mkdirSync(OUT, { recursive: true });

// Uploads are proper one-page A4 PDFs with a cross-reference table, which the server can sign.
const pdf = (text) => a4Pdf(text);

const check = (cond, message) => {
  if (!cond) throw new Error(message);
};

async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

async function login(page, username) {
  await page.goto(`${BASE}/login`);
  await page.fill('#login_username', username);
  await page.fill('#login_password', 'Chancery@2026');
  await page.click('form[id="login"] button[type="submit"]');
  // Signing in lands on the home page (what needs me).
  await page.waitForURL(/\/home/, { timeout: 20000 });
  await page.waitForSelector('[data-testid="user-menu"]');
}

async function logout(page) {
  await page.hover('[data-testid="user-menu"]');
  await page.click('.ant-dropdown-menu-item:last-child');
  await page.waitForURL(/\/login/);
}

/** Opens the document whose summary is `summary` from the pending box. */
async function openFromInbox(page, summary, box = 'pending') {
  await page.goto(`${BASE}/inbox/${box}`);
  const link = page.locator('[data-testid="inbox-link"]', { hasText: summary });
  await link.first().waitFor({ timeout: 20000 });
  await link.first().click();
  await page.waitForSelector('[data-testid="document-page"]');
}

// An open select's list once its opening animation is over (a click during it can be lost
// on a loaded machine, leaving the list open over the dialog's buttons).
const OPEN_LIST = '.ant-select-dropdown:visible:not([class*="-enter"]):not([class*="-appear"])';

/** Clicks an option of a select; for a single select, again if the list stayed open (the click lost). */
async function clickOption(page, inputSelector, option) {
  const multiple = await page.locator(inputSelector).evaluate((el) => !!el.closest('.ant-select-multiple'));
  for (let attempt = 0; ; attempt += 1) {
    await option.waitFor({ timeout: 15000 });
    await option.click();
    if (multiple) return;
    try {
      await page.locator(OPEN_LIST).first().waitFor({ state: 'detached', timeout: 3000 });
      return;
    } catch (e) {
      if ((await page.locator(OPEN_LIST).count()) === 0) return;
      if (attempt === 2) throw e;
    }
  }
}

async function chooseOption(page, inputSelector, search, optionText) {
  await page.click(inputSelector);
  if (search) await page.fill(inputSelector, search);
  await clickOption(page, inputSelector, page.locator(`${OPEN_LIST} .ant-select-item-option`, { hasText: optionText }).first());
}

async function chooseUnits(page, names) {
  for (const name of names) {
    await page.click('#action_units');
    await page.fill('#action_units', name);
    const node = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: name });
    await node.first().waitFor({ timeout: 15000 });
    await node.first().click();
    await page.keyboard.press('Escape');
  }
}

/** Clicks an action button, lets `fill` fill the dialog, submits, waits for the new step. */
async function act(page, action, fill, expectStep) {
  // An action that cannot be undone asks for confirmation before its dialog opens.
  const confirm = await page.getAttribute(`[data-action="${action}"]`, 'data-confirm');
  await page.click(`[data-action="${action}"]`);
  if (confirm) await confirmPopover(page, 'confirm-ok');
  await page.waitForSelector('.ant-modal form#action');
  if (fill) await fill();
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 20000 });
  if (expectStep) {
    await page.waitForSelector(`[data-testid="document-page"][data-step="${expectStep}"]`, { timeout: 20000 });
  }
}

async function receivePaper(page, notation, summary) {
  await page.goto(`${BASE}/receive`);
  // The scan and an annex dropped together: both upload at once, and both must reach the form.
  await page.setInputFiles('input[type="file"]', [
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf(notation) },
    { name: 'phu-luc.pdf', mimeType: 'application/pdf', buffer: pdf(`${notation} PL`) },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('.ant-upload-list-item-done').length === 2, null, { timeout: 20000 });
  await page.fill('#receive_issuingBody', 'Bộ Tài chính');
  await page.fill('#receive_numberNotation', notation);
  await chooseOption(page, '#receive_documentType', null, 'Công văn');
  await page.fill('#receive_summary', summary);
  await page.click('[data-testid="receive-submit"]');
  await page.waitForURL(/\/documents\//, { timeout: 20000 });
  await page.waitForSelector('[data-testid="document-page"][data-step="receive"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="preview-button"]').length === 2, null, { timeout: 20000 });
  return page.url().split('/documents/')[1];
}

async function register(page) {
  await act(page, 'register', async () => {
    await page.click('#action_registerId');
    await clickOption(page, '#action_registerId', page.locator(`${OPEN_LIST} .ant-select-item-option`).first());
  });
  await page.waitForSelector('[data-testid="arrival"]', { timeout: 20000 });
}

const specs = [];
const spec = (name, fn) => specs.push({ name, fn });

// The first-load budget as a browser lives it: the scripts fetched for the login page, then up
// to the home page being shown after logging in (where signing in lands), gzipped as scripts/size.mjs gzips them. Each must
// be one the build's measurement counted (dist/.vite/first-load.json), so a script loaded on
// the first screen that the measurement misses fails here.
spec('First load: the JavaScript up to the home page after login stays within the budget, as the build measured it', async (page) => {
  const measuredFile = new URL('../dist/.vite/first-load.json', import.meta.url).pathname;
  const measured = existsSync(measuredFile) ? JSON.parse(readFileSync(measuredFile, 'utf8')) : null;
  const budget = (measured?.budgetKB ?? 350) * 1024;
  const scripts = new Map();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.js') && !scripts.has(path)) scripts.set(path, r);
  });
  // Routing every request turns the browser's HTTP cache off: each script is fetched.
  await page.route('**/*', (route) => route.continue());
  await page.context().clearCookies();
  await page.goto(`${BASE}/login`);
  await page.waitForSelector('#login_username');
  await page.waitForLoadState('networkidle');
  const loginScripts = new Set(scripts.keys());
  await page.fill('#login_username', 'cv.congchuc1');
  await page.fill('#login_password', 'Chancery@2026');
  await page.click('form[id="login"] button[type="submit"]');
  await page.waitForURL(/\/home/, { timeout: 20000 });
  // The home page shown, its counts loaded.
  await page.waitForSelector('[data-testid="home"] [data-testid^="home-"]', { timeout: 20000 });
  await page.waitForLoadState('networkidle');
  const sizes = new Map();
  for (const [path, r] of scripts) sizes.set(path, gzipSync(await r.body(), { level: 9 }).length);
  const sum = (paths) => [...paths].reduce((n, p) => n + sizes.get(p), 0);
  const login = sum(loginScripts);
  const home = sum(scripts.keys());
  console.log(`    first load in the browser: login page ${(login / 1024).toFixed(1)} KB, home page after login ${(home / 1024).toFixed(1)} KB (gzipped, ${scripts.size} scripts)`);
  check(login <= budget && home <= budget, `over the ${budget / 1024} KB budget: login ${login}, home ${home}`);
  if (measured) {
    const counted = new Set(measured.home.map((f) => `/${f}`));
    const missed = [...scripts.keys()].filter((p) => !counted.has(p));
    check(missed.length === 0, `scripts fetched but not counted by scripts/size.mjs: ${missed.join(', ')}`);
    const loginCounted = new Set(measured.login.map((f) => `/${f}`));
    const early = [...loginScripts].filter((p) => !loginCounted.has(p));
    check(early.length === 0, `login page scripts not counted for it: ${early.join(', ')}`);
  }
  await page.unroute('**/*');
  await logout(page);
});

spec('P2 through the UI: unit clerk, unit leader, department head (with a recall), specialist; register book', async (page) => {
  const notation = `12/UBND-${RUN}`;
  const summary = `Về việc cử cán bộ tập huấn ${RUN}`;
  await login(page, 'vanthu.tccb');
  await receivePaper(page, notation, summary);
  await register(page);
  await act(page, 'submit_to_leader', () => chooseOption(page, '#action_main', 'ld.tccb', 'Mai Văn Tổ'), 'direct');
  await shot(page, 'p2-1-clerk-submitted');
  await logout(page);

  await login(page, 'ld.tccb');
  await openFromInbox(page, summary);
  await act(page, 'forward_to_department', async () => {
    await chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công');
    await page.fill('[data-testid="deadline-days"] input, input#action_deadlineInWorkingDays', '5');
    await page.fill('#action_note', 'Giao Phòng Công chức chủ trì');
  }, 'department');
  await shot(page, 'p2-2-leader-directed');
  await logout(page);

  await login(page, 'tp.congchuc');
  await openFromInbox(page, summary);
  const forward = async () => {
    await chooseOption(page, '#action_main', 'cv.congchuc1', 'Kiều Thị Một');
    await chooseOption(page, '#action_co', 'cv.congchuc2', 'Quách Văn Hai');
    await page.keyboard.press('Escape');
    await page.fill('input#action_deadlineInWorkingDays', '3');
  };
  await act(page, 'forward_to_specialist', forward, 'handle');
  // Recalled before the specialist acts, then forwarded again.
  await act(page, 'recall', null, 'department');
  await shot(page, 'p2-3-head-recalled');
  await act(page, 'forward_to_specialist', forward, 'handle');
  await logout(page);

  await login(page, 'cv.congchuc1');
  await openFromInbox(page, summary);
  await act(page, 'finish', () => page.fill('#action_note', 'Đã cử đồng chí Minh tham dự'), 'finished');
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  const history = await page.textContent('[data-testid="history"]');
  check(history.includes('Thu hồi') && history.includes('Kết thúc'), `history lacks the recall or the end: ${history}`);
  await shot(page, 'p2-4-specialist-finished');
  await logout(page);

  await login(page, 'vanthu.tccb');
  await page.goto(`${BASE}/registers`);
  await page.locator('[data-testid="book-table"] tr', { hasText: notation }).first().waitFor({ timeout: 20000 });
  // The filter goes to the server and sifts the whole book: the notation finds its one row.
  await page.fill('[data-testid="book-filter"] input', notation);
  await page.press('[data-testid="book-filter"] input', 'Enter');
  const note = await page.textContent('[data-testid="book-filter-note"]');
  check(note.startsWith('Các dòng của cả sổ có mọi từ đã nhập'), `filter note: ${note}`);
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-testid="book-table"] tbody tr.ant-table-row')];
    return rows.length === 1 && rows[0].textContent.includes(n);
  }, notation, { timeout: 20000 });
  await page.fill('[data-testid="book-filter"] input', '');
  const href = await page.getAttribute('[data-testid="xlsx-link"]', 'href');
  check(/\/registers\/.+\/\d{4}\/book\.xlsx$/.test(href ?? ''), `xlsx link ${href}`);
  const xlsx = await page.request.get(`${BASE}${href}`);
  check(xlsx.status() === 200, `xlsx download answered ${xlsx.status()}`);
  await shot(page, 'p2-5-register-book');
  await logout(page);
});

spec('P1 fan-out to two units; a unit refuses its assignment with a reason', async (page) => {
  const notation = `125/BTC-${RUN}`;
  const summary = `Hướng dẫn quyết toán ngân sách ${RUN}`;
  await login(page, 'vanthu.bo');
  const id = await receivePaper(page, notation, summary);
  await register(page);
  await act(page, 'forward_to_general_affairs', () => page.fill('#action_note', 'Kính chuyển Phòng Tổng hợp'), 'propose');
  await logout(page);

  // General Affairs get it through their unit's pool and read the whole document page of
  // what they are to act on (the server lets the holders of a pool step read it): the officer
  // opens the scan and proposes; having acted, they still read it at its next step.
  await login(page, 'tonghop.cv1');
  await openFromInbox(page, summary);
  await page.waitForSelector('[data-testid="document-page"][data-step="propose"]');
  await page.locator('[data-testid="preview-button"]').first().click();
  await page.waitForSelector('[data-testid="pdf-preview"]', { timeout: 20000 });
  await shot(page, 'p1-0-pool-officer-reads-scan');
  await act(page, 'propose_assignment', () => chooseUnits(page, ['Vụ Tổ chức cán bộ', 'Vụ Kế hoạch - Tài chính']), 'approve');
  await logout(page);

  // The leader sees the proposal (who proposed it, in the history) and approves it.
  await login(page, 'tonghop.ld');
  await openFromInbox(page, summary);
  await page.waitForSelector('[data-testid="document-page"][data-step="approve"]');
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: 'Trình dự phân công' }).waitFor({ timeout: 20000 });
  await shot(page, 'p1-0-pool-leader-sees-proposal');
  await act(page, 'approve_assignment', () => chooseUnits(page, ['Vụ Tổ chức cán bộ', 'Vụ Kế hoạch - Tài chính']), 'routed');
  await logout(page);

  await login(page, 'vanthu.bo');
  await page.goto(`${BASE}/documents/${id}`);
  await page.waitForSelector('[data-testid="document-page"][data-step="routed"]');
  await page.click('.ant-tabs-tab:has-text("Quá trình xử lý")');
  await page.locator('[data-testid="units-progress"] tbody tr.ant-table-row').nth(1).waitFor();
  const rows = await page.locator('[data-testid="units-progress"] tbody tr.ant-table-row').count();
  check(rows === 2, `units progress shows ${rows} rows`);
  await shot(page, 'p1-1-fanned-out');
  await logout(page);

  await login(page, 'vanthu.khtc');
  await openFromInbox(page, summary);
  await act(page, 'refuse_assignment', () => page.fill('#action_note', 'Không thuộc chức năng của Vụ'), 'refused');
  await shot(page, 'p1-2-unit-refused');
  await logout(page);

  await login(page, 'vanthu.tccb');
  await openFromInbox(page, summary);
  await register(page);
  await shot(page, 'p1-3-unit-registered');
  await logout(page);
});

spec('A refusal without a reason is refused next to the field, then made with one', async (page) => {
  await login(page, 'vanthu.bo');
  await receivePaper(page, `9/UBND-${RUN}`, `Gửi nhầm ${RUN}`);
  // Refusing cannot be undone: it asks for confirmation before its dialog opens.
  check((await page.getAttribute('[data-action="refuse"]', 'data-confirm')) === '1', 'refusing asks for no confirmation');
  await page.click('[data-action="refuse"]');
  await confirmPopover(page, 'confirm-ok');
  await page.waitForSelector('.ant-modal form#action');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('#action_note_help .ant-form-item-explain-error', { timeout: 10000 });
  await page.fill('#action_note', 'Không đúng thẩm quyền');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('[data-testid="document-page"][data-step="refused"]', { timeout: 20000 });
  await shot(page, 'refusal');
  await logout(page);
});

spec('Switching to Lao and English', async (page) => {
  await page.goto(`${BASE}/login`);
  await page.click('.ant-select:has-text("Tiếng Việt")');
  await page.click('.ant-select-dropdown:visible .ant-select-item-option[title="ພາສາລາວ"]');
  await page.waitForSelector('button[type="submit"]:has-text("ເຂົ້າສູ່ລະບົບ")');
  await shot(page, 'lang-lo-login');
  await page.fill('#login_username', 'cv.congchuc1');
  await page.fill('#login_password', 'Chancery@2026');
  await page.click('button[type="submit"]');
  await page.waitForSelector('text=ລໍຖ້າດຳເນີນການ');
  await shot(page, 'lang-lo-inbox');
  await page.click('.ant-select:has-text("ພາສາລາວ")');
  await page.click('.ant-select-dropdown:visible .ant-select-item-option[title="English"]');
  await page.waitForSelector('text=For information');
  await shot(page, 'lang-en-inbox');
  // Remembered: a reload keeps English.
  await page.reload();
  await page.waitForSelector('text=For information');
  await page.click('.ant-select:has-text("English")');
  await page.click('.ant-select-dropdown:visible .ant-select-item-option[title="Tiếng Việt"]');
  await page.waitForSelector('text=Xem để biết');
  await logout(page);
});

spec('Inbox at phone width (390 px)', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'cv.congchuc1');
  await page.goto(`${BASE}/inbox/processed`);
  await page.locator('[data-testid="inbox-link"]').first().waitFor({ timeout: 20000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  await shot(page, 'phone-inbox');
  await page.click('[data-testid="menu-button"]');
  await page.waitForSelector('.ant-drawer-open .ant-menu');
  await shot(page, 'phone-menu');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="inbox-link"]').first().click();
  await page.waitForSelector('[data-testid="document-page"]');
  await shot(page, 'phone-document');
  await page.setViewportSize({ width: 1280, height: 900 });
  await logout(page);
});

spec('Keyboard: the account menu, and the overdue drill-down with its labelled unit picker', async (page) => {
  // Work due soon in the leader's unit: a document forwarded to a department for two working days.
  const summary = `Báo cáo nhanh ${RUN}`;
  await login(page, 'vanthu.tccb');
  await receivePaper(page, `31/BC-${RUN}`, summary);
  await register(page);
  await act(page, 'submit_to_leader', () => chooseOption(page, '#action_main', 'ld.tccb', 'Mai Văn Tổ'), 'direct');
  await logout(page);
  await login(page, 'ld.tccb');
  await openFromInbox(page, summary);
  await act(page, 'forward_to_department', async () => {
    await chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công');
    await page.fill('input#action_deadlineInWorkingDays', '2');
    await page.fill('#action_note', 'Báo cáo trong hai ngày');
  }, 'department');
  // The account menu opens with Enter on its button (it used to open on hover only).
  await page.focus('[data-testid="user-menu"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.ant-dropdown:visible .ant-dropdown-menu-item');
  await page.goto(`${BASE}/overdue`);
  const picker = page.getByLabel('Đơn vị', { exact: true });
  check((await picker.getAttribute('id')) === 'overdue-unit', 'the unit picker is labelled');
  // A count's drill-down is a button: Tab reaches it, Enter opens the work items, which take the focus.
  const drill = page.locator('.ant-table button.link-button').first();
  await drill.waitFor({ timeout: 20000 });
  await drill.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="overdue-items-title"]');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'overdue-items-title');
  // The unit's work items: the document forwarded above, due soon.
  await page.locator('.ant-card', { hasText: 'Việc của Phòng Công chức' }).locator('tr', { hasText: summary }).waitFor({ timeout: 20000 });
  await shot(page, 'keyboard-overdue');
  await logout(page);
});

/** Opens an outgoing document from one of the caller's outgoing lists. */
async function openOutgoing(page, summary, list = 'todo') {
  await page.goto(`${BASE}/outgoing/${list}`);
  const link = page.locator('[data-testid="outgoing-link"]', { hasText: summary });
  await link.first().waitFor({ timeout: 20000 });
  await link.first().click();
  await page.waitForSelector('[data-testid="outgoing-page"]');
}

async function uploadInto(page, index, name, text) {
  await page.locator('input[type="file"]').nth(index).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(text) });
}

async function waitUploads(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('.ant-upload-list-item-done, .ant-upload-list-text .ant-upload-list-item:not(.ant-upload-list-item-uploading):not(.ant-upload-list-item-error)').length >= n, count, { timeout: 20000 });
}

spec('P4 through the UI: drafted, returned with a note, version 2, opinions asked and given; signed by the leader, numbered and issued by the clerk, recalled and re-issued; the recipient verifies and registers its copy, a late recall refused', async (page) => {
  const summary = `Về việc đề nghị cử cán bộ dự tập huấn ${RUN}`;
  await login(page, 'cv.congchuc1');
  await page.click('a[href="/outgoing/new"]');
  await page.waitForSelector('form#draft');
  await chooseOption(page, '#draft_documentType', null, 'Công văn');
  await page.fill('#draft_summary', summary);
  await chooseOption(page, '#draft_signerPositionId', 'ld.tccb', 'Mai Văn Tổ');
  // Recipients: a unit of the tree, electronic and paper.
  await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
  await page.click('label:has-text("Bản điện tử và bản giấy") input');
  await page.click('[data-testid="recipient-unit"]');
  await page.keyboard.type('Kế hoạch');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Kế hoạch - Tài chính' }).first().click();
  await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Vụ Kế hoạch - Tài chính' }).waitFor();
  await uploadInto(page, 0, 'du-thao-v1.pdf', `Du thao 1 ${RUN}`);
  await uploadInto(page, 1, 'phu-luc.pdf', `Phu luc ${RUN}`);
  await waitUploads(page, 2);
  await shot(page, 'p4-1-draft-form');
  await page.click('[data-testid="draft-submit"]');
  await page.waitForURL(/\/outgoing\/doc\//, { timeout: 20000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]');
  const id = page.url().split('/outgoing/doc/')[1];
  const recipients = await page.textContent('[data-testid="recipient-status"]');
  check(recipients.includes('Vụ Kế hoạch - Tài chính') && recipients.includes('Bản điện tử và bản giấy'), `recipients: ${recipients}`);
  await act(page, 'submit_to_department', null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="department_review"]', { timeout: 20000 });
  await shot(page, 'p4-2-submitted');
  // The outgoing document's history, as the server keeps it: drafted, then submitted.
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid="history"]')?.textContent ?? '';
    return text.includes('Tạo dự thảo') && text.includes('Trình trưởng phòng');
  }, null, { timeout: 20000 });
  await logout(page);

  await login(page, 'tp.congchuc');
  await openOutgoing(page, summary);
  // The head asks a specialist's opinion, then returns the draft with the marks.
  await page.click('[data-testid="request-opinions"]');
  await chooseOption(page, '#opinions_asked', 'cv.congchuc2', 'Quách Văn Hai');
  await page.keyboard.press('Escape');
  await page.fill('#opinions_question', `Đề nghị cho ý kiến về danh sách cán bộ ${RUN}`);
  await page.click('#opinions_deadline');
  await page.keyboard.type(new Date(Date.now() + 5 * 86400000).toLocaleDateString('en-GB'));
  await page.keyboard.press('Enter');
  await page.click('[data-testid="opinion-request-submit"]');
  await page.waitForSelector('form#opinions', { state: 'detached', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Ý kiến")');
  await page.locator('[data-testid="opinions-table"] tr', { hasText: 'Quách Văn Hai' }).waitFor();
  await act(page, 'return', () => page.fill('#action_note', 'Bổ sung căn cứ pháp lý; sửa trích yếu'));
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]', { timeout: 20000 });
  await shot(page, 'p4-3-head-returned');
  await logout(page);

  await login(page, 'cv.congchuc2');
  await page.goto(`${BASE}/outgoing/opinions`);
  await page.locator('[data-testid="opinions-asked"] tr', { hasText: `danh sách cán bộ ${RUN}` }).first().waitFor();
  await page.goto(`${BASE}/outgoing/doc/${id}`);
  await page.click('[data-testid="give-opinion"]');
  await page.fill('#opinion_opinion', 'Nhất trí với danh sách');
  await page.click('[data-testid="opinion-submit"]');
  await page.waitForSelector('[data-testid="asked-of-me"]', { state: 'detached', timeout: 20000 });
  await logout(page);

  await login(page, 'cv.congchuc1');
  await openOutgoing(page, summary, 'drafts');
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]');
  await page.click('[data-testid="add-version"]');
  await uploadInto(page, 0, 'du-thao-v2.pdf', `Du thao 2 ${RUN}`);
  await waitUploads(page, 1);
  await page.fill('#version_note', 'Đã bổ sung căn cứ pháp lý');
  await page.click('[data-testid="version-submit"]');
  await page.waitForSelector('form#version', { state: 'detached', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Phiên bản")');
  await page.locator('[data-testid="versions-table"] tbody tr.ant-table-row').nth(1).waitFor();
  await page.click('[data-testid="compare-button"]');
  await page.locator('[data-testid="compare"] [data-testid="pdf-preview"]').nth(1).waitFor({ timeout: 20000 });
  await shot(page, 'p4-4-versions-side-by-side');
  await page.click('.ant-tabs-tab:has-text("Ý kiến")');
  const opinions = await page.textContent('[data-testid="opinions-table"]');
  check(opinions.includes('Nhất trí với danh sách'), `opinion not shown: ${opinions}`);
  await act(page, 'submit_to_department', null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="department_review"]', { timeout: 20000 });
  await logout(page);

  await login(page, 'tp.congchuc');
  await openOutgoing(page, summary);
  await act(page, 'submit_to_leader', null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="leader_review"]', { timeout: 20000 });
  await shot(page, 'p4-5-to-leader');
  await logout(page);

  // The unit leader signs: the dialog shows the page with the signature box and the key.
  await login(page, 'ld.tccb');
  await openOutgoing(page, summary);
  await page.click('[data-action="sign"]');
  await page.waitForSelector('.ant-modal form#action');
  await page.waitForSelector('[data-testid="signature-page"][data-rendered="true"] [data-testid="signature-box"]', { timeout: 20000 });
  await page.waitForSelector('[data-testid="sign-key"]', { timeout: 20000 });
  const signPage = await page.textContent('[data-testid="sign-page"]');
  check(signPage.includes('1/1'), `sign page: ${signPage}`);
  const keyText = await page.textContent('[data-testid="sign-key"]');
  check(keyText.includes('Mai Văn Tổ') && keyText.includes('Root CA'), `signing key: ${keyText}`);
  // Dragging the box moves it 40 points left on the page (260 px wide for 595 points).
  const box = page.locator('[data-testid="signature-box"]');
  const at = await box.boundingBox();
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width / 2 - (40 * 260) / 595, at.y + at.height / 2, { steps: 4 });
  await page.mouse.up();
  const movedX = Number(await box.getAttribute('data-x'));
  check(Math.abs(movedX - 300) < 2, `box moved to x=${movedX}`);
  // And with the keyboard: focused, Shift+Up moves it 50 points up, Down 5 points down.
  const movedY = Number(await box.getAttribute('data-y'));
  await box.focus();
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('ArrowDown');
  const keyedY = Number(await box.getAttribute('data-y'));
  check(Math.abs(keyedY - (movedY + 45)) < 0.01, `keys moved the box from y=${movedY} to y=${keyedY}`);
  check((await page.textContent('[data-testid="sign-position"]')).includes(`y ${Math.round(keyedY)}`), 'the new place is shown');
  // The key is the server's: the leader confirms with the signing PIN (demo: 246810).
  await page.fill('#action_pin', DEMO_PIN);
  await shot(page, 'p4-6-sign-dialog');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 30000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="format_check"]', { timeout: 20000 });
  await page.locator('[data-testid="signatures"] tr[data-kind="personal"][data-valid="true"]').waitFor({ timeout: 20000 });
  await logout(page);

  // The unit clerk finds it in the awaiting-issuance list, checks the format, then numbers and
  // issues from the unit's outgoing register.
  await login(page, 'vanthu.tccb');
  await openOutgoing(page, summary, 'awaiting');
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="format_check"]');
  await act(page, 'accept', null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="issuing"]', { timeout: 20000 });
  await page.click('[data-action="issue"]');
  await page.waitForSelector('.ant-modal form#action');
  await page.waitForSelector('[data-testid="next-notation"]', { timeout: 20000 });
  const notation = (await page.textContent('[data-testid="next-notation"]')).trim();
  check(/^\d+\/.+/.test(notation), `next number: ${notation}`);
  const seal = await page.textContent('[data-testid="issue-seal"]');
  check(seal.includes('chữ ký số của cơ quan, tổ chức'), `issue dialog on the seal: ${seal}`);
  const recipientsLine = await page.textContent('[data-testid="issue-recipients"]');
  check(recipientsLine.includes('1'), `issue recipients: ${recipientsLine}`);
  // Issuing uses the organisation's seal: the clerk confirms with the signing PIN too.
  await page.fill('#action_pin', DEMO_PIN);
  await shot(page, 'p4-7-issue-dialog');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 30000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="issued"]', { timeout: 20000 });
  const numbered = await page.textContent('[data-testid="number-notation"]');
  check(numbered.includes(notation), `number shown: ${numbered}, previewed ${notation}`);
  // Two valid signatures (the leader's and the organisation's), with signer and certificate status.
  await page.locator('[data-testid="signatures"] tr[data-kind="organisation"][data-valid="true"]').waitFor({ timeout: 20000 });
  const signatures = await page.textContent('[data-testid="signatures"]');
  check(signatures.includes('Mai Văn Tổ') && signatures.includes('Chứng thư tin cậy') && signatures.includes('Nội dung toàn vẹn'), `signatures: ${signatures}`);
  check((await page.locator('[data-testid="signatures"] tr[data-valid="true"]').count()) >= 2, 'two valid signatures');
  const status = await page.getAttribute('[data-testid="recipient-status"] [data-status]', 'data-status');
  check(status === '01', `recipient status ${status}`);
  check((await page.textContent('[data-testid="recipient-status"]')).includes('Đã đến, chờ vào sổ'), 'recipient status text');
  await shot(page, 'p4-8-issued');

  // Recalled after issuance while the recipient has not acted, then issued again with the same number.
  await act(page, 'recall_issue', () => page.fill('#action_note', 'Sửa lỗi chính tả ở nơi nhận'));
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="issuing"]', { timeout: 20000 });
  await page.waitForSelector('[data-testid="recipient-status"] [data-status="withdrawn"]', { timeout: 20000 });
  // Recalled "to add a recipient": the clerk adds one (the document keeps its number and
  // signatures); the history records it; the re-issue goes to both.
  await page.click('[data-testid="change-recipients"]');
  await page.waitForSelector('form#recipientsChange');
  await page.click('.ant-modal [data-testid="recipient-unit"]');
  await page.keyboard.type('Văn thư');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Cục Văn thư và Lưu trữ nhà nước' }).first().click();
  await page.locator('.ant-modal [data-testid="recipients-table"] tr', { hasText: 'Cục Văn thư và Lưu trữ nhà nước' }).waitFor();
  await page.fill('#recipientsChange_note', 'Bổ sung nơi nhận');
  await page.click('[data-testid="recipients-change-submit"]');
  await page.waitForSelector('form#recipientsChange', { state: 'detached', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: 'Thay đổi nơi nhận' }).waitFor({ timeout: 20000 });
  await page.click('.ant-tabs-tab >> nth=0');
  await page.click('[data-action="issue"]');
  await page.waitForSelector('[data-testid="next-notation"]', { timeout: 20000 });
  const again = (await page.textContent('[data-testid="next-notation"]')).trim();
  check(again === notation, `re-issue number ${again}, first ${notation}`);
  check((await page.textContent('[data-testid="next-number"]')).includes('Văn bản đã có số'), 'already numbered');
  await page.fill('#action_pin', DEMO_PIN);
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 30000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="issued"]', { timeout: 20000 });
  await page.waitForSelector('[data-testid="recipient-status"] [data-status="01"]', { timeout: 20000 });
  check((await page.textContent('[data-testid="recipient-status"]')).includes('Cục Văn thư và Lưu trữ nhà nước'), 'the added recipient receives the re-issue');
  await shot(page, 'p4-9-reissued');
  await logout(page);

  // The recipient unit's clerk finds the copy awaiting registration.
  await login(page, 'vanthu.khtc');
  await page.goto(`${BASE}/awaiting`);
  const copy = page.locator('[data-testid="awaiting-table"] tr', { hasText: summary }).first();
  await copy.waitFor({ timeout: 20000 });
  await shot(page, 'p4-10-recipient-awaiting');
  // The copy carries the leader's and the organisation's signatures, valid; checked again on request.
  await copy.locator('a', { hasText: summary }).click();
  await page.waitForSelector('[data-testid="document-page"]');
  await page.locator('[data-testid="signatures"] tr[data-kind="personal"][data-valid="true"]').waitFor({ timeout: 20000 });
  await page.locator('[data-testid="signatures"] tr[data-kind="organisation"][data-valid="true"]').waitFor({ timeout: 20000 });
  await page.click('[data-testid="verify-signatures"]');
  await page.waitForSelector('.ant-message-success', { timeout: 20000 });
  await shot(page, 'p4-11-copy-signatures');
  // Registering it (an arrival number in the unit's incoming register).
  await page.goto(`${BASE}/awaiting`);
  await copy.waitFor({ timeout: 20000 });
  await copy.locator('[data-testid="awaiting-register"]').click();
  await page.waitForSelector('.ant-modal form#action');
  await page.click('#action_registerId');
  await clickOption(page, '#action_registerId', page.locator(`${OPEN_LIST} .ant-select-item-option`).first());
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="awaiting-table"] tr', { hasText: summary }).waitFor({ state: 'detached', timeout: 20000 });
  await logout(page);

  // The issuing clerk sees the copy registered (03); a recall is now refused, in Vietnamese.
  await login(page, 'vanthu.tccb');
  await openOutgoing(page, summary, 'issued');
  await page.waitForSelector('[data-testid="recipient-status"] [data-status="03"]', { timeout: 20000 });
  check((await page.textContent('[data-testid="recipient-status"]')).includes('Đã vào sổ'), 'registered status text');
  await page.click('[data-action="recall_issue"]');
  await page.fill('#action_note', 'Thu hồi muộn');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('[data-testid="action-error"]', { timeout: 20000 });
  const late = await page.textContent('[data-testid="action-error"]');
  // …naming the recipient's clerk who registered it, and when.
  check(late.includes('Văn thư Vụ Kế hoạch - Tài chính đã xử lý văn bản lúc') && late.includes('không thể thu hồi nữa'), `late recall: ${late}`);
  await shot(page, 'p4-12-recall-refused');
  await page.click('.ant-modal-close');
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="issued"]');
  // The outgoing register book lists it, and exports to Excel.
  await page.goto(`${BASE}/outgoing/book`);
  await page.locator('[data-testid="outgoing-book-table"] tr', { hasText: summary }).first().waitFor({ timeout: 20000 });
  // Filtered on the server by words of the summary typed without accents: its one row.
  await page.fill('[data-testid="outgoing-book-filter"] input', `de nghi cu can bo ${RUN}`);
  await page.press('[data-testid="outgoing-book-filter"] input', 'Enter');
  await page.waitForFunction((s) => {
    const rows = [...document.querySelectorAll('[data-testid="outgoing-book-table"] tbody tr.ant-table-row')];
    return rows.length === 1 && rows[0].textContent.includes(s);
  }, summary, { timeout: 20000 });
  const bookHref = await page.getAttribute('[data-testid="outgoing-xlsx-link"]', 'href');
  check(/\/registers\/.+\/\d{4}\/book\.xlsx$/.test(bookHref ?? ''), `outgoing xlsx link ${bookHref}`);
  const book = await page.request.get(`${BASE}${bookHref}`);
  check(book.status() === 200, `outgoing xlsx download answered ${book.status()}`);
  await shot(page, 'p4-13-outgoing-book');
  await logout(page);
});

/** A self-signed certificate and its key as PKCS#12 (openssl), for the key administration spec. */
function selfSignedPkcs12(commonName, password) {
  const dir = mkdtempSync(join(tmpdir(), 'chancery-e2e-p12-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '365', '-subj', `/CN=${commonName}/O=Chancery e2e/C=VN`], { stdio: 'ignore' });
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'), '-out', join(dir, 'key.p12'), '-passout', `pass:${password}`], { stdio: 'ignore' });
    return { p12: readFileSync(join(dir, 'key.p12')), pem: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

spec('Signing keys: the administrator uploads a PKCS#12 key for a person, adds its root as a trust anchor, revokes the key', async (page) => {
  const name = `Khoa thu nghiem ${RUN}`;
  const password = 'mat-khau-p12';
  const { p12, pem } = selfSignedPkcs12(name, password);
  await login(page, 'admin');
  await page.goto(`${BASE}/admin`);
  await page.click('.ant-tabs-tab:has-text("Chữ ký số")');
  await page.locator('[data-testid="signing-keys"] tbody tr.ant-table-row').first().waitFor({ timeout: 20000 });
  const anchors = await page.textContent('[data-testid="trust-anchors"]');
  check(anchors.includes('Root CA'), `trust anchors: ${anchors}`);

  // A wrong password is refused in the administrator's language, and the dialog stays open.
  await page.click('[data-testid="key-upload"]');
  await page.waitForSelector('form#signingKey');
  await chooseOption(page, '#signingKey_personId', 'cv.congchuc2', 'Quách Văn Hai');
  await page.setInputFiles('[data-testid="key-file"] input[type="file"]', { name: 'khoa.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
  await page.fill('#signingKey_password', 'sai-mat-khau');
  await page.click('[data-testid="key-upload-submit"]');
  await page.waitForSelector('[data-testid="key-upload-error"]', { timeout: 20000 });
  const refusal = await page.textContent('[data-testid="key-upload-error"]');
  check(refusal.includes('Không mở được tệp PKCS#12'), `wrong password: ${refusal}`);
  await page.fill('#signingKey_password', password);
  await page.click('[data-testid="key-upload-submit"]');
  await page.waitForSelector('form#signingKey', { state: 'detached', timeout: 20000 });
  const row = page.locator('[data-testid="signing-keys"] tr', { hasText: name });
  await row.first().waitFor({ timeout: 20000 });
  await row.filter({ hasText: 'Quách Văn Hai' }).first().waitFor({ timeout: 20000 });
  await shot(page, 'signing-keys');

  // Its certificate becomes a trust anchor (pasted PEM).
  await page.click('[data-testid="anchor-add"]');
  await page.fill('#anchor_pem', pem);
  await page.click('[data-testid="anchor-submit"]');
  await page.waitForSelector('form#anchor', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="trust-anchors"] tr', { hasText: name }).first().waitFor({ timeout: 20000 });

  // Revoked with a reason: it stays listed, marked revoked, without a revoke button.
  await row.first().locator('[data-testid="key-revoke"]').click();
  await page.fill('#revokeKey_reason', 'Thử nghiệm xong');
  await page.click('[data-testid="key-revoke-submit"]');
  await page.waitForSelector('form#revokeKey', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="signing-keys"] tr[data-revoked="true"]', { hasText: name }).first().waitFor({ timeout: 20000 });
  check((await row.first().locator('[data-testid="key-revoke"]').count()) === 0, 'a revoked key offers no revoke');
  await shot(page, 'signing-keys-revoked');
  await logout(page);
});

/** Confirms a popconfirm once it has finished opening (a click during its animation can be lost). */
async function confirmPopover(page, okTestId) {
  const ok = page.locator(`.ant-popover:visible:not([class*="-enter"]):not([class*="-appear"]) [data-testid="${okTestId}"]`);
  await ok.waitFor({ timeout: 15000 });
  await ok.click();
}

/** Expands a node of the administration's organisation tree and waits for its children. */
async function expandUnit(page, name) {
  const node = page.locator('[data-testid="org-tree"] .ant-tree-treenode', { has: page.locator(`[data-testid="unit-node"][data-name="${name}"]`) }).first();
  await node.waitFor({ timeout: 20000 });
  if ((await node.getAttribute('aria-expanded')) !== 'true' && !(await node.evaluate((el) => el.className.includes('ant-tree-treenode-switcher-open')))) {
    await node.locator('.ant-tree-switcher').click();
  }
}

spec('Administration edits: a new unit, a new person given a position in it (dissolving refused), a register of the unit, a holiday; at phone width too', async (page) => {
  const unitName = `Phòng Thử nghiệm ${RUN}`;
  const unitCode = `bnv.tccb.e2e-${RUN}`;
  const username = `e2e.${RUN}`;
  const fullName = `Nguyễn Thử Nghiệm ${RUN}`;
  const registerName = `Sổ văn bản đến thử nghiệm ${RUN}`;
  const holiday = `Ngày thử nghiệm ${RUN}`;
  // A day of March 2030 (no public holiday then), another on each run against one server.
  const holidayDate = `${String(1 + (Date.now() % 28)).padStart(2, '0')}/03/2030`;
  await login(page, 'admin');

  // A new person (an account with a one-time password).
  await page.goto(`${BASE}/admin`);
  await page.click('.ant-tabs-tab:has-text("Cán bộ và chức danh")');
  await page.click('button:has-text("Tạo tài khoản")');
  await page.fill('#account_username', username);
  await page.fill('#account_fullName', fullName);
  await page.press('#account_fullName', 'Enter');
  const oneTime = page.locator('.ant-modal', { has: page.locator('.ant-modal-title:has-text("Mật khẩu dùng một lần")') });
  await oneTime.waitFor({ timeout: 20000 });
  const oneTimePassword = (await oneTime.locator('[data-testid="one-time-password"]').textContent()).trim();
  await oneTime.locator('.ant-btn-primary').click();
  await oneTime.waitFor({ state: 'hidden', timeout: 20000 });

  // A new department under Vụ Tổ chức cán bộ: a wrong abbreviation is caught beside its
  // field; Enter in a field sends the form.
  await page.click('.ant-tabs-tab:has-text("Cơ cấu tổ chức")');
  await expandUnit(page, 'Bộ Nội vụ');
  await page.click('[data-testid="unit-node"][data-name="Vụ Tổ chức cán bộ"]');
  await page.waitForSelector('[data-testid="unit-panel"][data-unit="bnv.tccb"]');
  await page.click('[data-testid="unit-add-child"]');
  await page.waitForSelector('form#unit');
  await page.fill('#unit_name', unitName);
  await page.fill('#unit_code', unitCode);
  await page.fill('#unit_abbreviation', 'T-N');
  await page.press('#unit_name', 'Enter');
  await page.waitForSelector('#unit_abbreviation_help .ant-form-item-explain-error', { timeout: 10000 });
  await page.fill('#unit_abbreviation', `TN${RUN.toUpperCase()}`);
  await page.press('#unit_abbreviation', 'Enter');
  await page.waitForSelector('form#unit', { state: 'detached', timeout: 20000 });
  await page.waitForSelector(`[data-testid="unit-panel"][data-unit="${unitCode}"]`, { timeout: 20000 });
  await page.locator(`[data-testid="unit-node"][data-name="${unitName}"]`).first().waitFor({ timeout: 20000 });

  // The new person gets a position in it.
  await page.click('[data-testid="unit-assign"]');
  await page.waitForSelector('form#position');
  await chooseOption(page, '#position_personId', username, fullName);
  await chooseOption(page, '#position_role', 'specialist', '(specialist)');
  await page.fill('#position_title', 'Chuyên viên thử nghiệm');
  await page.click('[data-testid="position-submit"]');
  await page.waitForSelector('form#position', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="unit-people"] tr', { hasText: fullName }).waitFor({ timeout: 20000 });

  // Dissolving a unit with people is refused with the server's reason, in Vietnamese.
  await page.click('[data-testid="unit-dissolve"]');
  await confirmPopover(page, 'unit-dissolve-ok');
  await page.waitForSelector('[data-testid="unit-error"]', { timeout: 20000 });
  const refusal = await page.textContent('[data-testid="unit-error"]');
  check(refusal.includes('Đơn vị còn cán bộ'), `dissolve refusal: ${refusal}`);

  // A register of the unit, for official letters (Công văn) only.
  await page.click('[data-testid="unit-open-register"]');
  await page.waitForSelector('form#register');
  await page.fill('#register_code', 'den');
  await page.fill('#register_name', registerName);
  await chooseOption(page, '#register_documentTypes', 'Công văn', 'Công văn');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="register-submit"]');
  await page.waitForSelector('form#register', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="unit-registers"] tr', { hasText: registerName }).waitFor({ timeout: 20000 });
  await shot(page, 'admin-1-unit');

  // The person's row lists the position; the catalogues list the register with its unit.
  await page.click('.ant-tabs-tab:has-text("Cán bộ và chức danh")');
  await page.fill('input[aria-label="Tìm cán bộ"]', username);
  await page.press('input[aria-label="Tìm cán bộ"]', 'Enter');
  const personRow = page.locator('.ant-table-row', { hasText: fullName }).first();
  await personRow.waitFor({ timeout: 20000 });
  await personRow.locator(`text=${unitName}`).waitFor({ timeout: 20000 });
  check((await personRow.textContent()).includes('Chuyên viên thử nghiệm'), 'position title in the people list');
  // Their page lists the position; their phone number is corrected there.
  await personRow.locator('[data-testid="person-open"]').click();
  await page.locator('[data-testid="person-positions"] tr', { hasText: unitName }).waitFor({ timeout: 20000 });
  await page.click('[data-testid="person-edit"]');
  await page.waitForSelector('form#person');
  await page.fill('#person_phone', '0912 345 678');
  await page.click('[data-testid="person-submit"]');
  await page.waitForSelector('form#person', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="person-drawer"] .ant-descriptions', { hasText: '0912 345 678' }).waitFor({ timeout: 20000 });
  // A session of theirs opened elsewhere (another browser, here an API client with its own
  // cookies) is listed on their page and ended there; that client is then logged out.
  const agent = `e2e-other-browser-${RUN}`;
  const elsewhere = await request.newContext({ baseURL: BASE, userAgent: agent, extraHTTPHeaders: { 'X-Chancery-CSRF': '1' } });
  const gql = async (query, variables = {}) => (await elsewhere.post('/graphql', { data: { query, variables } })).json();
  const signedIn = await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { mustChangePassword } }', { u: username, p: oneTimePassword });
  check(signedIn.data?.login?.mustChangePassword === true, `login elsewhere: ${JSON.stringify(signedIn)}`);
  await page.click('.ant-drawer-close');
  await page.waitForSelector('[data-testid="person-drawer"]', { state: 'detached', timeout: 10000 });
  await personRow.locator('[data-testid="person-open"]').click();
  const session = page.locator('[data-testid="person-sessions"] tr', { hasText: agent });
  await session.waitFor({ timeout: 20000 });
  await shot(page, 'admin-2-person');
  await session.locator('[data-testid="session-revoke"]').click();
  await confirmPopover(page, 'session-revoke-ok');
  await session.waitFor({ state: 'detached', timeout: 20000 });
  const after = await gql('{ me { person { username } } }');
  check(after.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', `the ended session still answers: ${JSON.stringify(after)}`);
  await elsewhere.dispose();
  await page.click('.ant-drawer-close');
  await page.waitForSelector('[data-testid="person-drawer"]', { state: 'detached', timeout: 10000 });
  await page.click('.ant-tabs-tab:has-text("Danh mục và sổ")');
  const registerRow = page.locator('[data-testid="registers-table"] tr', { hasText: registerName }).first();
  await registerRow.waitFor({ timeout: 20000 });
  await registerRow.locator(`text=${unitName}`).waitFor({ timeout: 20000 });
  check((await registerRow.textContent()).includes('Công văn'), `register row: ${await registerRow.textContent()}`);

  // A public holiday in 2030's calendar, named in the three languages.
  await page.click('.ant-tabs-tab:has-text("Lịch làm việc")');
  await page.fill('#calendar_year', '2030');
  await page.press('#calendar_year', 'Tab');
  await page.waitForSelector('[data-testid="calendar-state"][data-year="2030"]', { timeout: 20000 });
  await page.click('[data-testid="calendar-edit"]');
  await page.waitForSelector('[data-testid="calendar-editor"]', { timeout: 20000 });
  await page.fill('#holiday_date', holidayDate);
  await page.press('#holiday_date', 'Enter');
  await page.fill('#holiday_nameVi', holiday);
  await page.fill('#holiday_nameEn', `Test day ${RUN}`);
  await page.fill('#holiday_nameLo', `ວັນທົດລອງ ${RUN}`);
  await page.click('[data-testid="holiday-add"]');
  await page.locator('[data-testid="calendar-edit-holidays"] tr', { hasText: holidayDate }).waitFor({ timeout: 10000 });
  await page.click('[data-testid="calendar-save"]');
  await page.waitForSelector('[data-testid="calendar-editor"]', { state: 'detached', timeout: 20000 });
  await page.waitForSelector('[data-testid="calendar-state"][data-year="2030"][data-configured="true"]', { timeout: 20000 });
  const holidayRow = page.locator('[data-testid="calendar-holidays"] tr', { hasText: holiday }).first();
  await holidayRow.waitFor({ timeout: 20000 });
  check((await holidayRow.textContent()).includes(holidayDate), `holiday row: ${await holidayRow.textContent()}`);
  // The built-in holidays of the year were kept (the editor starts from them).
  check((await page.locator('[data-testid="calendar-holidays"] tr.ant-table-row').count()) > 1, 'built-in holidays kept');
  await shot(page, 'admin-3-calendar');

  // At phone width the administration keeps to the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('.ant-tabs-tab:has-text("Cơ cấu tổ chức")').catch(async () => {
    await page.click('.ant-tabs-nav-more');
    await page.click('.ant-tabs-dropdown-menu-item:has-text("Cơ cấu tổ chức")');
  });
  await expandUnit(page, 'Bộ Nội vụ');
  await page.click('[data-testid="unit-node"][data-name="Vụ Tổ chức cán bộ"]');
  await page.waitForSelector('[data-testid="unit-panel"][data-unit="bnv.tccb"]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `the administration is ${overflow}px wider than the screen`);
  await shot(page, 'admin-4-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await logout(page);
});

spec('Administration edits: a role, a document type, a field and an agency defined; a unit moved, its person\'s position ended, the person deactivated, the unit dissolved', async (page) => {
  const roleName = `Vai trò thử nghiệm ${RUN}`;
  const typeName = `Loại thử nghiệm ${RUN}`;
  const fieldName = `Lĩnh vực thử nghiệm ${RUN}`;
  const agencyName = `Sở Thử nghiệm ${RUN}`;
  const unitName = `Phòng Tạm ${RUN}`;
  const username = `e2e2.${RUN}`;
  const fullName = `Trần Tạm Thời ${RUN}`;
  await login(page, 'admin');
  await page.goto(`${BASE}/admin`);

  // A role, then the catalogues' entries.
  await page.click('.ant-tabs-tab:has-text("Vai trò")');
  await page.click('[data-testid="role-new"]');
  await page.waitForSelector('form#role');
  await page.fill('#role_code', `e2e_${RUN}`);
  await page.fill('#role_nameVi', roleName);
  await page.click('[data-testid="role-submit"]');
  await page.waitForSelector('form#role', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="roles-table"] tr', { hasText: roleName }).waitFor({ timeout: 20000 });

  await page.click('.ant-tabs-tab:has-text("Danh mục và sổ")');
  await page.click('[data-testid="type-new"]');
  await page.fill('#documentType_code', `e2e-${RUN}`);
  await page.fill('#documentType_abbreviation', `T${RUN.slice(-5).toUpperCase()}`);
  await page.fill('#documentType_nameVi', typeName);
  await page.fill('#documentType_nameEn', `Test type ${RUN}`);
  await page.click('[data-testid="type-submit"]');
  await page.waitForSelector('form#documentType', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="types-table"] tr', { hasText: typeName }).waitFor({ timeout: 20000 });
  await page.click('[data-testid="field-new"]');
  await page.fill('#field_code', `e2e-${RUN}`);
  await page.fill('#field_nameVi', fieldName);
  await page.click('[data-testid="field-submit"]');
  await page.waitForSelector('form#field', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="fields-table"] tr', { hasText: fieldName }).waitFor({ timeout: 20000 });
  await page.click('[data-testid="agency-new"]');
  await page.fill('#agency_name', agencyName);
  await page.fill('#agency_email', 'khong-phai-thu');
  await page.click('[data-testid="agency-submit"]');
  await page.waitForSelector('#agency_email_help .ant-form-item-explain-error', { timeout: 10000 });
  await page.fill('#agency_email', `vanthu.${RUN}@example.gov.vn`);
  await page.click('[data-testid="agency-submit"]');
  await page.waitForSelector('form#agency', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="agencies-table"] tr', { hasText: agencyName }).waitFor({ timeout: 20000 });
  await shot(page, 'admin-5-catalogues');

  // A person, and a department of Vụ Kế hoạch - Tài chính where they hold the new role.
  await page.click('.ant-tabs-tab:has-text("Cán bộ và chức danh")');
  await page.click('[data-testid="account-new"]');
  await page.fill('#account_username', username);
  await page.fill('#account_fullName', fullName);
  await page.click('[data-testid="account-submit"]');
  const oneTime = page.locator('.ant-modal', { has: page.locator('.ant-modal-title:has-text("Mật khẩu dùng một lần")') });
  await oneTime.waitFor({ timeout: 20000 });
  await oneTime.locator('.ant-btn-primary').click();
  await oneTime.waitFor({ state: 'hidden', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Cơ cấu tổ chức")');
  await expandUnit(page, 'Bộ Nội vụ');
  await page.click('[data-testid="unit-node"][data-name="Vụ Kế hoạch - Tài chính"]');
  await page.waitForSelector('[data-testid="unit-panel"][data-unit="bnv.khtc"]');
  await page.click('[data-testid="unit-add-child"]');
  await page.fill('#unit_name', unitName);
  await page.fill('#unit_code', `bnv.khtc.tam-${RUN}`);
  await page.fill('#unit_abbreviation', `TAM${RUN.toUpperCase()}`);
  await page.click('[data-testid="unit-submit"]');
  await page.waitForSelector(`[data-testid="unit-panel"][data-unit="bnv.khtc.tam-${RUN}"]`, { timeout: 20000 });
  await page.click('[data-testid="unit-assign"]');
  await chooseOption(page, '#position_personId', username, fullName);
  await chooseOption(page, '#position_role', `e2e_${RUN}`, roleName);
  await page.click('[data-testid="position-submit"]');
  await page.waitForSelector('form#position', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="unit-people"] tr', { hasText: fullName }).waitFor({ timeout: 20000 });

  // Moved under Vụ Tổ chức cán bộ (with the person).
  await page.click('[data-testid="unit-move"]');
  await page.waitForSelector('form#unitMove');
  await page.click('#unitMove_parentId');
  await page.fill('#unitMove_parentId', 'Vụ Tổ chức cán bộ');
  const target = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Tổ chức cán bộ' });
  await target.first().waitFor({ timeout: 15000 });
  await target.first().click();
  await page.click('[data-testid="unit-move-submit"]');
  await page.waitForSelector('form#unitMove', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="unit-panel"] .ant-descriptions', { hasText: 'Vụ Tổ chức cán bộ' }).waitFor({ timeout: 20000 });
  await expandUnit(page, 'Vụ Tổ chức cán bộ');
  await page.locator('.ant-tree-treenode', { has: page.locator(`[data-testid="unit-node"][data-name="${unitName}"]`) }).first().waitFor({ timeout: 20000 });
  check((await page.locator(`[data-testid="unit-people"] tr`, { hasText: fullName }).count()) === 1, 'the person moved with the unit');

  // The position ends; the person is deactivated; the empty unit is dissolved.
  await page.locator('[data-testid="unit-people"] tr', { hasText: fullName }).locator('[data-testid="position-end"]').click();
  await confirmPopover(page, 'position-end-ok');
  await page.locator('[data-testid="unit-people"] tr', { hasText: fullName }).waitFor({ state: 'detached', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Cán bộ và chức danh")');
  await page.fill('input[aria-label="Tìm cán bộ"]', username);
  await page.press('input[aria-label="Tìm cán bộ"]', 'Enter');
  const row = page.locator('[data-testid="people-table"] .ant-table-row', { hasText: fullName }).first();
  await row.waitFor({ timeout: 20000 });
  await row.locator('[data-testid="person-open"]').click();
  await page.click('[data-testid="person-deactivate"]');
  await confirmPopover(page, 'person-deactivate-ok');
  await page.locator('.ant-drawer-title', { hasText: 'đã nghỉ' }).waitFor({ timeout: 20000 });
  await page.click('.ant-drawer-close');
  await row.locator('.ant-tag', { hasText: 'đã nghỉ' }).waitFor({ timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Cơ cấu tổ chức")');
  await expandUnit(page, 'Bộ Nội vụ');
  await expandUnit(page, 'Vụ Tổ chức cán bộ');
  await page.click(`[data-testid="unit-node"][data-name="${unitName}"]`);
  await page.waitForSelector(`[data-testid="unit-panel"][data-unit="bnv.khtc.tam-${RUN}"]`);
  await page.click('[data-testid="unit-dissolve"]');
  await confirmPopover(page, 'unit-dissolve-ok');
  await page.waitForSelector('[data-testid="unit-panel"][data-unit="bnv.tccb"]', { timeout: 20000 });
  await page.locator(`[data-testid="unit-node"][data-name="${unitName}"]`).first().waitFor({ state: 'detached', timeout: 20000 });
  await logout(page);
});

spec('Audit log: the auditor reads every recorded act by area, page by page, without internal codes', async (page) => {
  await login(page, 'auditor');
  await page.click('a[href="/activity"]');
  await page.waitForSelector('[data-testid="audit-who"]', { timeout: 20000 });
  // Logins and accounts only: the auditor's own login is there, in words.
  await chooseOption(page, '#audit_category', null, 'Đăng nhập, tài khoản');
  await page.click('[data-testid="audit-apply"]');
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid="audit-log"]')?.textContent ?? '';
    return text.includes('Đăng nhập') && !text.includes('Tiếp nhận');
  }, null, { timeout: 20000 });
  const text = await page.textContent('[data-testid="audit-log"]');
  check(!/identity\.|document\.|[0-9a-f]{8}-[0-9a-f]{4}-/.test(text), `internal codes on screen: ${text}`);
  await shot(page, 'audit-log');
  if (await page.isEnabled('[data-testid="next-page"]')) {
    await page.click('[data-testid="next-page"]');
    await page.waitForSelector('text=Trang 2');
  }
  await logout(page);
});

// The legal review the administrator adds to P2: a step after the specialist's, reached by a
// new action of the specialist's step and leading on to where that step's "finish" led; the
// step's holders (a department head named by the specialist) finish there or send it back.
const LEGAL_REVIEW = {
  step: 'legal_review',
  title: { vi: 'Thẩm định pháp lý', en: 'Legal review', lo: 'ກວດສອບດ້ານກົດໝາຍ' },
  submit: 'submit_legal_review',
  submitTitle: { vi: 'Trình thẩm định pháp lý', en: 'Submit for legal review', lo: 'ສົ່ງກວດສອບດ້ານກົດໝາຍ' },
  back: 'return_to_specialist',
  backTitle: { vi: 'Trả chuyên viên hoàn thiện', en: 'Back to the specialist', lo: 'ສົ່ງຄືນວິຊາການ' },
};

/** P2's definition with the legal review inserted after the specialist's step. */
function withLegalReview(def) {
  const handle = def.steps.handle;
  const original = handle.actions.finish ?? def.steps[LEGAL_REVIEW.step]?.actions?.finish;
  check(original, `no finishing action at the specialist's step: ${JSON.stringify(handle.actions)}`);
  delete handle.actions.finish;
  handle.actions[LEGAL_REVIEW.submit] = { title: LEGAL_REVIEW.submitTitle, to: LEGAL_REVIEW.step, needs: ['recipients'] };
  def.steps[LEGAL_REVIEW.step] = {
    title: LEGAL_REVIEW.title,
    roles: ['department_head', 'unit_head', 'unit_deputy'],
    actions: {
      finish: { ...original },
      [LEGAL_REVIEW.back]: { title: LEGAL_REVIEW.backTitle, to: 'handle', needs: ['note', 'recipients'] },
    },
  };
  return def;
}

/** Opens a tab of the administration, through the tabs' overflow menu when it is hidden there. */
async function openAdminTab(page, name) {
  await page.click(`.ant-tabs-tab:has-text("${name}")`, { timeout: 5000 }).catch(async () => {
    await page.click('.ant-tabs-nav-more');
    await page.click(`.ant-tabs-dropdown-menu-item:has-text("${name}")`);
  });
}

async function switchLanguage(page, from, to) {
  await page.click(`[data-testid="language"]:has-text("${from}")`);
  await page.click(`.ant-select-dropdown:visible .ant-select-item-option[title="${to}"]`);
  await page.waitForSelector(`[data-testid="language"]:has-text("${to}")`);
}

spec('Processes: the administrator adds a legal review to P2 (a broken edit refused, checked, previewed, published, activated); a new document goes through it, one started before keeps version 1', async (page) => {
  const oldSummary = `Về việc rà soát biên chế ${RUN}`;
  const newSummary = `Về việc góp ý dự thảo quy chế ${RUN}`;
  const note = `Thêm bước thẩm định pháp lý ${RUN}`;

  // A P2 document received and registered before the change.
  await login(page, 'vanthu.tccb');
  const oldId = await receivePaper(page, `41/UBND-${RUN}`, oldSummary);
  await register(page);
  await logout(page);

  await login(page, 'admin');
  await page.goto(`${BASE}/admin`);
  await openAdminTab(page, 'Quy trình');
  const p2Row = page.locator('[data-testid="processes-table"] tr', { has: page.locator('[data-process="p2-incoming-unit"]') });
  await p2Row.waitFor({ timeout: 20000 });
  await shot(page, 'processes-1-list-vi');
  await page.click('[data-testid="process-open"][data-process="p2-incoming-unit"]');
  await page.waitForSelector('[data-testid="process-panel"][data-process="p2-incoming-unit"] [data-testid="process-diagram"] [data-step="handle"]');
  const latest = Number(await page.locator('[data-testid="process-versions"] tbody tr.ant-table-row').first().locator('td').first().innerText().then((x) => x.trim().split(/\s/)[0]));
  await page.click('[data-testid="process-new-version"]');
  const area = page.locator('[data-testid="process-json"]');
  await area.waitFor();
  const start = JSON.parse(await area.inputValue());
  check(start.id === 'p2-incoming-unit' && start.version === latest + 1, `the editor starts at ${start.id} v${start.version}, latest ${latest}`);

  // A broken edit: the review's "finish" leads to a step that does not exist.
  const broken = withLegalReview(structuredClone(start));
  broken.steps[LEGAL_REVIEW.step].actions.finish.to = 'buoc_khong_co';
  await area.fill(JSON.stringify(broken, null, 2));
  await page.click('[data-testid="process-check"]');
  await page.waitForSelector('[data-testid="process-check-result"][data-state="invalid"]', { timeout: 20000 });
  const problems = await page.textContent('[data-testid="process-problems"]');
  check(problems.includes('Thao tác dẫn đến một bước không có trong quy trình') && problems.includes('buoc_khong_co'), `problems: ${problems}`);
  check(problems.includes(`Bước ${LEGAL_REVIEW.step}`) && problems.includes('Thao tác finish'), `the problem's step and action: ${problems}`);
  check(!/\b(unknown|step|action|definition)\b/i.test(problems.replace(/buoc_khong_co|legal_review|finish/g, '')), `problems not in Vietnamese: ${problems}`);
  check(!/[A-Z]{3,}_[A-Z_]+/.test(await page.textContent('[data-testid="process-editor"]')), 'an internal code is on screen');
  await shot(page, 'processes-2-broken-edit-vi');

  // The right edit: checked, the preview shows the new step.
  await area.fill(JSON.stringify(withLegalReview(structuredClone(start)), null, 2));
  await page.click('[data-testid="process-check"]');
  await page.waitForSelector('[data-testid="process-check-result"][data-state="valid"]', { timeout: 20000 });
  await page.waitForSelector(`[data-testid="process-preview"] [data-step="${LEGAL_REVIEW.step}"]`);
  const preview = await page.textContent('[data-testid="process-preview"]');
  check(preview.includes(LEGAL_REVIEW.title.vi) && preview.includes(LEGAL_REVIEW.submitTitle.vi), `preview: ${preview}`);
  await page.locator('[data-testid="process-preview"]').scrollIntoViewIfNeeded();
  await shot(page, 'processes-3-preview-vi');

  // Published with a note: version latest + 1, listed with its note; its diagram shown.
  await page.fill('[data-testid="process-note"]', note);
  await page.click('[data-testid="process-publish"]');
  await page.waitForSelector('[data-testid="process-editor"]', { state: 'detached', timeout: 20000 });
  const newVersion = latest + 1;
  await page.locator('[data-testid="process-versions"] tr', { hasText: note }).waitFor({ timeout: 20000 });
  await page.waitForSelector(`[data-testid="process-diagram-title"][data-version="${newVersion}"]`);
  await page.waitForSelector(`[data-testid="process-diagram"] [data-step="${LEGAL_REVIEW.step}"]`);

  // Activated for the whole agency from today (the form's defaults: the latest version, today).
  await page.click('[data-testid="process-activate"]');
  await page.waitForSelector('form#activation');
  await page.waitForSelector(`form#activation [data-testid="activation-version"]:has-text("${newVersion}")`);
  await page.click('[data-testid="activation-submit"]');
  await page.waitForSelector('form#activation', { state: 'detached', timeout: 20000 });
  const activation = page.locator('[data-testid="process-activations"] tr.ant-table-row', { hasText: 'Toàn cơ quan' }).first();
  await activation.waitFor({ timeout: 20000 });
  check((await activation.innerText()).startsWith(String(newVersion)), `activation row: ${await activation.innerText()}`);
  await p2Row.locator('.ant-tag', { hasText: String(newVersion) }).waitFor({ timeout: 20000 });
  await page.locator(`[data-testid="process-diagram"] [data-step="${LEGAL_REVIEW.step}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'processes-4-diagram-vi');

  // The same page in Lao.
  await switchLanguage(page, 'Tiếng Việt', 'ພາສາລາວ');
  await openAdminTab(page, 'ຂັ້ນຕອນ');
  await p2Row.waitFor({ timeout: 20000 });
  await page.click('[data-testid="process-open"][data-process="p2-incoming-unit"]');
  await page.locator('[data-testid="process-diagram"]', { hasText: LEGAL_REVIEW.title.lo }).waitFor({ timeout: 20000 });
  const activationLo = await page.textContent('[data-testid="process-activations"]');
  check(activationLo.includes('ທົ່ວອົງການ'), `activations in Lao: ${activationLo}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'processes-5-page-lo');
  await page.locator(`[data-testid="process-diagram"] [data-step="${LEGAL_REVIEW.step}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'processes-6-diagram-lo');
  // At phone width the diagram scrolls inside its frame; the page keeps to the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const frame = await page.locator('[data-testid="process-diagram"]').evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  check(overflow <= 1 && frame.scroll > frame.client, `phone width: page overflow ${overflow}, diagram frame ${JSON.stringify(frame)}`);
  await shot(page, 'processes-7-phone-lo');
  await page.setViewportSize({ width: 1280, height: 900 });
  await switchLanguage(page, 'ພາສາລາວ', 'Tiếng Việt');
  await logout(page);

  // The document from before moves on to the specialist; a new one is received and submitted.
  await login(page, 'vanthu.tccb');
  await page.goto(`${BASE}/documents/${oldId}`);
  await page.waitForSelector('[data-testid="document-page"][data-step="update"]');
  await act(page, 'forward_to_person', async () => {
    await chooseOption(page, '#action_main', 'cv.congchuc1', 'Kiều Thị Một');
    await page.fill('input#action_deadlineInWorkingDays', '3');
  }, 'handle');
  await receivePaper(page, `42/UBND-${RUN}`, newSummary);
  await register(page);
  await act(page, 'submit_to_leader', () => chooseOption(page, '#action_main', 'ld.tccb', 'Mai Văn Tổ'), 'direct');
  await logout(page);

  await login(page, 'ld.tccb');
  await openFromInbox(page, newSummary);
  await act(page, 'forward_to_department', async () => {
    await chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công');
    await page.fill('input#action_deadlineInWorkingDays', '5');
    await page.fill('#action_note', 'Giao Phòng Công chức chủ trì');
  }, 'department');
  await logout(page);

  await login(page, 'tp.congchuc');
  await openFromInbox(page, newSummary);
  await act(page, 'forward_to_specialist', async () => {
    await chooseOption(page, '#action_main', 'cv.congchuc1', 'Kiều Thị Một');
    await page.fill('input#action_deadlineInWorkingDays', '3');
  }, 'handle');
  await logout(page);

  // The specialist: the old document still finishes as version 1 did; the new one goes to
  // the legal review.
  await login(page, 'cv.congchuc1');
  await openFromInbox(page, oldSummary);
  await page.waitForSelector('[data-testid="document-page"][data-step="handle"] [data-action="finish"]');
  check((await page.locator(`[data-action="${LEGAL_REVIEW.submit}"]`).count()) === 0, 'the document started before the change is offered the new action');
  await shot(page, 'processes-8-old-document-keeps-v1');
  await openFromInbox(page, newSummary);
  await page.waitForSelector(`[data-testid="document-page"][data-step="handle"] [data-action="${LEGAL_REVIEW.submit}"]`);
  check((await page.locator('[data-action="finish"]').count()) === 0, 'the new document is still offered to finish at the specialist\'s step');
  await act(page, LEGAL_REVIEW.submit, () => chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công'), LEGAL_REVIEW.step);
  await logout(page);

  // The head reviews it and finishes; the history names the new step.
  await login(page, 'tp.congchuc');
  await openFromInbox(page, newSummary);
  await page.waitForSelector(`[data-testid="document-page"][data-step="${LEGAL_REVIEW.step}"] [data-action="${LEGAL_REVIEW.back}"]`);
  await act(page, 'finish', () => page.fill('#action_note', 'Đã thẩm định, đủ căn cứ pháp lý'), 'finished');
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: LEGAL_REVIEW.title.vi }).waitFor({ timeout: 20000 });
  const history = await page.textContent('[data-testid="history"]');
  check(history.includes(LEGAL_REVIEW.submitTitle.vi) && history.includes('Kết thúc'), `history: ${history}`);
  await shot(page, 'processes-9-history-legal-review');
  await logout(page);

  // Version 1 back in force for new documents (the other specs walk it).
  await login(page, 'admin');
  await page.goto(`${BASE}/admin`);
  await openAdminTab(page, 'Quy trình');
  await page.click('[data-testid="process-open"][data-process="p2-incoming-unit"]');
  await page.click('[data-testid="process-activate"]');
  await page.waitForSelector('form#activation');
  await chooseOption(page, '#activation_version', null, 'Phiên bản 1 ');
  await page.click('[data-testid="activation-submit"]');
  await page.waitForSelector('form#activation', { state: 'detached', timeout: 20000 });
  await p2Row.locator('.ant-tag', { hasText: /^1$/ }).waitFor({ timeout: 20000 });
  await logout(page);
});

// ---- Issue 15, "Forms that never lose or duplicate work" (helper: forms) ----

/** Counts the GraphQL requests of `page` that run `operation` from now on. */
function countOperations(page, operation) {
  const seen = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes(operation)) seen.count += 1;
  });
  return seen;
}

/** Fills the receive form (a scan, the issuing body picked from the catalogue by what is typed). */
async function fillReceive(page, { typed, agency, notation, summary }) {
  await page.goto(`${BASE}/receive`);
  await page.setInputFiles('input[type="file"]', [{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf(notation) }]);
  await page.waitForFunction(() => document.querySelectorAll('.ant-upload-list-item-done').length === 1, null, { timeout: 20000 });
  await page.fill('#receive_issuingBody', typed);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: agency }).first();
  await option.waitFor({ timeout: 15000 });
  await option.click();
  check((await page.inputValue('#receive_issuingBody')) === agency, `issuing body: ${await page.inputValue('#receive_issuingBody')}`);
  await page.fill('#receive_numberNotation', notation);
  await chooseOption(page, '#receive_documentType', null, 'Công văn');
  await page.fill('#receive_summary', summary);
}

spec('Forms: Enter never submits the receive form, the agency is found by its abbreviation, a duplicate is shown before receiving, a mistaken document is cancelled, a correction is in the history', async (page) => {
  const notation = `1235/UBND-NC-${RUN}`;
  const summary = `Báo cáo tình hình thực hiện ${RUN}`;
  const agency = 'Ủy ban nhân dân tỉnh Ninh Bình';
  const receives = countOperations(page, 'receivePaperDocument');
  await login(page, 'vanthu.tccb');
  // "UBND tỉnh Ninh" finds "Ủy ban nhân dân tỉnh Ninh Bình" in the catalogue.
  await fillReceive(page, { typed: 'UBND tỉnh Ninh', agency, notation, summary });
  // Enter, three times, in the date field and in the number field: nothing is sent.
  await page.click('#receive_documentDate');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Enter');
  await page.click('#receive_numberNotation');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Enter');
  await page.locator('[data-testid="receive-submit"]').evaluate((b) => b.scrollIntoView());
  check(receives.count === 0 && page.url().endsWith('/receive'), `Enter sent the form ${receives.count} time(s)`);
  // Two fast clicks: one document.
  await page.locator('[data-testid="receive-submit"]').dblclick();
  await page.waitForURL(/\/documents\//, { timeout: 20000 });
  const first = page.url().split('/documents/')[1];
  await page.waitForSelector('[data-testid="document-page"][data-step="receive"]');
  check(receives.count === 1, `two clicks sent ${receives.count} requests`);
  await shot(page, 'forms-1-received-once');

  // The same paper typed in again: the clerk sees the first one (a link) before anything is
  // created, and must confirm to receive it anyway.
  const again = `Bản trùng ${RUN}`;
  await fillReceive(page, { typed: 'UBND Ninh Bình', agency, notation, summary: again });
  await page.click('[data-testid="receive-submit"]');
  await page.waitForSelector('[data-testid="duplicate-confirm"]', { timeout: 20000 });
  const link = await page.getAttribute('[data-testid="duplicate-confirm"] [data-testid="duplicate-link"]', 'href');
  check(link === `/documents/${first}`, `the warning links to ${link}, not the first document ${first}`);
  check(receives.count === 1 && page.url().endsWith('/receive'), 'the duplicate was created before the clerk confirmed');
  await shot(page, 'forms-2-duplicate-warning');
  await page.click('[data-testid="receive-anyway"]');
  await page.waitForURL((u) => /\/documents\//.test(u.pathname) && !u.pathname.endsWith(first), { timeout: 20000 });
  const second = page.url().split('/documents/')[1];
  check(receives.count === 2, `receive anyway sent ${receives.count - 1} requests`);

  // Received by mistake: the clerk cancels it (a reason is required), and it leaves the
  // pending box; the history says who cancelled it and why.
  await page.waitForSelector('[data-testid="document-page"][data-step="receive"] [data-testid="cancel-document"]');
  await page.click('[data-testid="cancel-document"]');
  await page.waitForSelector('.ant-modal form#cancel');
  await page.click('[data-testid="cancel-submit"]');
  await page.waitForSelector('#cancel_note_help .ant-form-item-explain-error', { timeout: 10000 });
  await page.fill('#cancel_note', 'Tiếp nhận trùng văn bản đã có');
  await page.click('[data-testid="cancel-submit"]');
  await page.waitForSelector('[data-testid="document-page"][data-step="cancelled"]', { timeout: 20000 });
  check((await page.locator('[data-testid="cancel-document"]').count()) === 0, 'a cancelled document still offers cancelling');
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: 'Tiếp nhận trùng văn bản đã có' }).waitFor({ timeout: 20000 });
  const cancelled = await page.textContent('[data-testid="history"]');
  check(cancelled.includes('Hủy văn bản tiếp nhận nhầm') && cancelled.includes('Văn thư Vụ Tổ chức cán bộ'), `history: ${cancelled}`);
  await shot(page, 'forms-3-cancelled');
  await page.goto(`${BASE}/inbox/pending`);
  await page.locator('[data-testid="inbox-link"]', { hasText: summary }).first().waitFor({ timeout: 20000 });
  check((await page.locator('[data-testid="inbox-link"]', { hasText: again }).count()) === 0, 'the cancelled document is still pending');

  // The first one is registered: it can no longer be cancelled, but its details can be
  // corrected, and the correction is in its history.
  await page.goto(`${BASE}/documents/${first}`);
  await page.waitForSelector('[data-testid="document-page"][data-step="receive"] [data-testid="cancel-document"]');
  await register(page);
  await page.waitForSelector('[data-testid="edit-metadata"]');
  check((await page.locator('[data-testid="cancel-document"]').count()) === 0, 'a registered document offers cancelling');
  await page.click('[data-testid="edit-metadata"]');
  await page.waitForSelector('.ant-modal form#metadata');
  const corrected = `${summary} (đã sửa)`;
  await page.fill('#metadata_summary', corrected);
  await page.click('[data-testid="metadata-submit"]');
  await page.waitForSelector('.ant-modal form#metadata', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="document-title"]', { hasText: corrected }).waitFor({ timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: 'Cập nhật thông tin' }).waitFor({ timeout: 20000 });
  const edited = await page.textContent('[data-testid="history"]');
  check(edited.includes('(đã sửa)'), `the history does not say what changed: ${edited}`);
  await shot(page, 'forms-4-corrected');
  await logout(page);
});

spec('Forms: a forwarding without a deadline is marked required and refused beside the deadline, then sent with one', async (page) => {
  const summary = `Chuyển thiếu hạn ${RUN}`;
  await login(page, 'vanthu.tccb');
  await receivePaper(page, `77/BTC-${RUN}`, summary);
  await register(page);
  await page.click('[data-action="forward_to_department"]');
  await page.waitForSelector('.ant-modal form#action');
  check((await page.locator('[data-testid="deadline-field"] .ant-form-item-required').count()) === 1, 'the deadline is not marked required');
  await chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công');
  await page.click('[data-testid="action-submit"]');
  // The server's refusal, beside the deadline (never a silent dialog).
  await page.waitForSelector('[data-testid="deadline-field"] [data-testid="deadline-error"]', { timeout: 20000 });
  const said = await page.textContent('[data-testid="deadline-error"]');
  check(said.trim().length > 0, 'the deadline refusal is empty');
  await shot(page, 'forms-5-deadline-refused');
  await page.fill('input#action_deadlineInWorkingDays', '3');
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('[data-testid="document-page"][data-step="department"]', { timeout: 20000 });
  await logout(page);
});

spec('Forms: an external recipient typed as clerks write it is found, one not in the directory is said so, the drafter and then the head edit the draft (recorded in the history)', async (page) => {
  const summary = `Dự thảo sửa được ${RUN}`;
  await login(page, 'cv.congchuc1');
  await page.click('a[href="/outgoing/new"]');
  await page.waitForSelector('form#draft');
  await chooseOption(page, '#draft_documentType', null, 'Công văn');
  await page.fill('#draft_summary', summary);
  await chooseOption(page, '#draft_signerPositionId', 'ld.tccb', 'Mai Văn Tổ');
  await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
  // "UBND tỉnh Ninh Bình" finds "Ủy ban nhân dân tỉnh Ninh Bình".
  await page.click('[data-testid="recipient-agency"]');
  await page.keyboard.type('UBND tỉnh Ninh Bình');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Ủy ban nhân dân tỉnh Ninh Bình' }).first().click();
  await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Ủy ban nhân dân tỉnh Ninh Bình' }).waitFor();
  // An agency not in the directory is never dropped silently: the form says so.
  await page.click('[data-testid="recipient-agency"]');
  await page.keyboard.type(`Sở Không Có ${RUN}`);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="agency-not-found"]', { hasText: `Sở Không Có ${RUN}` }).waitFor({ timeout: 20000 });
  await shot(page, 'forms-6-agency-not-found');
  await uploadInto(page, 0, 'du-thao.pdf', `Du thao ${RUN}`);
  await waitUploads(page, 1);
  await page.click('[data-testid="draft-submit"]');
  await page.waitForURL(/\/outgoing\/doc\//, { timeout: 20000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]');
  const id = page.url().split('/outgoing/doc/')[1];
  // The drafter edits the summary.
  await page.click('[data-testid="edit-draft"]');
  await page.waitForSelector('.ant-modal form#draftEdit');
  await page.fill('#draftEdit_summary', `${summary} (sửa)`);
  await page.fill('#draftEdit_note', 'Sửa trích yếu');
  await page.click('[data-testid="draft-edit-submit"]');
  await page.waitForSelector('.ant-modal form#draftEdit', { state: 'detached', timeout: 20000 });
  await page.locator('[data-testid="outgoing-page"]', { hasText: `${summary} (sửa)` }).first().waitFor({ timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Lịch sử")');
  await page.locator('[data-testid="history"]', { hasText: 'Sửa trích yếu' }).waitFor({ timeout: 20000 });
  await act(page, 'submit_to_department', null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="department_review"]', { timeout: 20000 });
  check((await page.locator('[data-testid="edit-draft"]').count()) === 0, 'the drafter still edits a draft the head holds');
  await logout(page);
  // The head, who holds it now, edits it too.
  await login(page, 'tp.congchuc');
  await page.goto(`${BASE}/outgoing/doc/${id}`);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="department_review"] [data-testid="edit-draft"]');
  await shot(page, 'forms-7-head-edits');
  await logout(page);
});

// ---------------------------------------------------------------------------------------
// Registers and language (issue 15, helper "books"): the register pages, no internal codes on
// screen in any language, the language kept with the account, and no page wider than a phone.
// ---------------------------------------------------------------------------------------

/** Reads the named parts of an XLSX (a zip): the central directory gives each part's place. */
async function xlsxParts(buffer, names) {
  const { inflateRawSync } = await import('node:zlib');
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const parts = {};
  for (let i = 0; i < count; i += 1) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (names.includes(name)) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      parts[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

/** Waits until a page has drawn its data: no spinner, two frames later. */
async function settled(page) {
  await page.waitForSelector('.shell-content, .print-book', { timeout: 20000 });
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0, null, { timeout: 20000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** What must never be read on a screen: codes of the system rather than words. */
const INTERNAL_CODES = [
  [/\b[a-z]+_[a-z0-9]+(?:_[a-z0-9]+)*\b/, 'a snake_case identifier'],
  [/\b(?:document|outgoing|identity|organisation|catalogue|register|signing|exchange|system|process|files)\.[a-z]+(?:-[a-z]+)*\b/, 'an event type'],
  [/\b(?:application|image|text|audio|video)\/[a-z0-9.+-]+/, 'a media type'],
  [/\bp\d-[a-z]+(?:-[a-z]+)*\b/, 'a process id'],
  [/\(P\d\)|\(di\)|\(den\)/, 'a code in parentheses'],
  [/\bwithdrawn?\b|\bverify_signatures\b|\breinstate\b/, 'an action or step code'],
  [/\b(?:Văn bản|Document|ເອກະສານ) \d+\b/, 'a related document named by its position'],
];

function internalCodes(text) {
  return INTERNAL_CODES.flatMap(([re, what]) => {
    const m = text.match(re);
    return m ? [`${what}: "${m[0]}" in …${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…`] : [];
  });
}

/** The visible text of the page, checked for internal codes; `where` names the page. */
async function noInternalCodes(page, where) {
  await settled(page);
  const text = await page.evaluate(() => document.body.innerText);
  const found = internalCodes(text);
  check(found.length === 0, `${where}: internal codes on screen:\n${found.join('\n')}`);
}

async function chooseLanguage(page, name) {
  await page.click('[data-testid="language"]');
  await page.click(`.ant-select-dropdown:visible .ant-select-item-option[title="${name}"]`);
  await page.waitForSelector(`[data-testid="language"]:has-text("${name}")`);
}

const BOOKS_NOTATION = `77/UBND-VP-${RUN}`;
const BOOKS_SUMMARY = `Về việc rà soát sổ đăng ký ${RUN}`;
const TCCB = 'Vụ Tổ chức cán bộ';
const YEAR = new Date().getFullYear();

spec('Registers and language: a unit clerk opens their own office\'s book, offered only the books they keep; titles name the unit and the year once; screen, print and XLSX share their column titles; the XLSX prints landscape with repeated headings', async (page) => {
  await login(page, 'vanthu.tccb');
  await receivePaper(page, BOOKS_NOTATION, BOOKS_SUMMARY);
  await register(page);
  // The arrival names the register and its year once.
  const arrival = await page.textContent('[data-testid="arrival"]');
  check(arrival.includes(`Sổ văn bản đến ${YEAR}`) && !arrival.includes(`${YEAR} ${YEAR}`), `arrival: ${arrival}`);
  await act(page, 'submit_to_leader', () => chooseOption(page, '#action_main', 'ld.tccb', 'Mai Văn Tổ'), 'direct');

  await page.goto(`${BASE}/registers`);
  await page.locator('[data-testid="book-table"] tr', { hasText: BOOKS_NOTATION }).first().waitFor({ timeout: 20000 });
  check((await page.locator('.ant-alert-error').count()) === 0, 'the clerk\'s own book opened with an error');
  const title = (await page.textContent('[data-testid="book-title"]')).trim();
  check(title === `${TCCB} — Sổ văn bản đến ${YEAR}`, `book title: ${title}`);
  // Offered: the unit's own incoming book only (its outgoing book is on its own page).
  await page.click('[data-testid="book-register"]');
  await page.locator(`${OPEN_LIST} .ant-select-item-option`).first().waitFor();
  const options = await page.locator(`${OPEN_LIST} .ant-select-item-option`).allTextContents();
  check(options.length === 1 && options[0].includes(TCCB) && !options.some((o) => o.includes('mật')), `books offered: ${options.join(' | ')}`);
  await page.keyboard.press('Escape');
  const heads = (await page.locator('[data-testid="book-table"] thead th').allTextContents()).map((h) => h.trim()).filter(Boolean);
  check(heads.length === 10 && heads[1] === 'Số đến' && heads[2] === 'Tác giả', `screen headings: ${heads.join(' | ')}`);

  // The XLSX: titled with the unit and the year once, the same headings, landscape, headings repeated.
  const href = await page.getAttribute('[data-testid="xlsx-link"]', 'href');
  const xlsx = await page.request.get(`${BASE}${href}`);
  check(xlsx.status() === 200, `xlsx answered ${xlsx.status()}`);
  const parts = await xlsxParts(await xlsx.body(), ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml']);
  const strings = parts['xl/sharedStrings.xml'] ?? '';
  check(strings.includes(`${TCCB} — Sổ văn bản đến ${YEAR}<`) && !strings.includes(`${YEAR} ${YEAR}`), `xlsx title: ${strings.slice(0, 300)}`);
  for (const h of heads) check(strings.includes(`>${h}<`), `the xlsx lacks the screen's heading "${h}"`);
  check(/orientation="landscape"/.test(parts['xl/worksheets/sheet1.xml'] ?? ''), 'the xlsx does not print landscape');
  check(/_xlnm\.Print_Titles[^<]*<\/?[^>]*>?[^<]*\$3:\$4/.test(parts['xl/workbook.xml'] ?? '') || (parts['xl/workbook.xml'] ?? '').includes('$3:$4'), 'the xlsx does not repeat its heading rows');

  // The printout: the unit above the register's name for the year, the same headings.
  const print = await page.context().newPage();
  await print.goto(`${BASE}${href.replace('/book.xlsx', '/print')}`);
  await print.locator('.print-book tbody tr', { hasText: BOOKS_NOTATION }).first().waitFor({ timeout: 20000 });
  check((await print.textContent('[data-testid="print-unit"]')).trim() === TCCB, 'the printout does not name the unit');
  check((await print.textContent('[data-testid="print-title"]')).trim() === `Sổ văn bản đến ${YEAR}`, 'the printout title');
  const printHeads = (await print.locator('.print-book thead tr:first-child th').allTextContents()).map((h) => h.trim());
  check(JSON.stringify(printHeads) === JSON.stringify(heads), `print headings: ${printHeads.join(' | ')}`);
  await print.close();

  // The outgoing book: the unit's own, the same titles as its export.
  await page.goto(`${BASE}/outgoing/book`);
  await page.waitForSelector('[data-testid="outgoing-book-title"]');
  const outTitle = (await page.textContent('[data-testid="outgoing-book-title"]')).trim();
  check(outTitle === `${TCCB} — Sổ văn bản đi ${YEAR}`, `outgoing book title: ${outTitle}`);

  // At 1366 px and on a 390 px phone, the book fits: the table scrolls in its own frame, with a cue.
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${BASE}/registers`);
    await page.locator('[data-testid="book-table"] tr', { hasText: BOOKS_NOTATION }).first().waitFor({ timeout: 20000 });
    await settled(page);
    const wide = await page.evaluate(() => document.scrollingElement.scrollWidth);
    check(wide <= width, `the register page is ${wide}px wide at ${width}px`);
    const clipped = await page.evaluate(() => {
      const s = document.querySelector('[data-testid="book-table"] .ant-table-content');
      return s ? s.scrollWidth > s.clientWidth + 1 : false;
    });
    if (clipped) await page.waitForSelector('[data-testid="scroll-cue"]', { timeout: 5000 });
    await shot(page, `books-register-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await logout(page);

  // The unit's leader reads the unit's book (not the ministry's), and keeps none.
  await login(page, 'ld.tccb');
  await page.goto(`${BASE}/registers`);
  await page.locator('[data-testid="book-table"] tr', { hasText: BOOKS_NOTATION }).first().waitFor({ timeout: 20000 });
  await logout(page);
});

/**
 * Keeps `lang` (VI, EN, LO) as `username`'s interface language through the API, as another
 * device would: the specs put each person back to Vietnamese this way even when one fails.
 */
async function keepLanguage(username, lang) {
  const device = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { 'X-Chancery-CSRF': '1' } });
  try {
    const gql = async (query, variables = {}) => (await device.post('/graphql', { data: { query, variables } })).json();
    const signedIn = await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { mustChangePassword } }', { u: username, p: 'Chancery@2026' });
    check(!signedIn.errors, `login of ${username} on another device: ${JSON.stringify(signedIn)}`);
    const chosen = await gql(`mutation { chooseLanguage(language: ${lang}) { visible } }`);
    check(chosen.data?.chooseLanguage?.visible === true, `chooseLanguage for ${username}: ${JSON.stringify(chosen)}`);
  } finally {
    await device.dispose();
  }
}

spec('Registers and language: the language chosen is kept with the account and applied at login on another device', async (page) => {
  try {
    await login(page, 'cv.tcbc');
    await chooseLanguage(page, 'English');
    await page.waitForSelector('text=For information');
    await logout(page);
    // Another device: nothing remembered in the browser.
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${BASE}/login`);
    await page.waitForSelector('button[type="submit"]:has-text("Đăng nhập")');
    await page.fill('#login_username', 'cv.tcbc');
    await page.fill('#login_password', 'Chancery@2026');
    await page.click('form[id="login"] button[type="submit"]');
    await page.waitForSelector('text=For information', { timeout: 20000 });
    await page.waitForSelector('[data-testid="language"]:has-text("English")');
    // Chosen on a third device, Lao is what the next login here shows.
    await keepLanguage('cv.tcbc', 'LO');
    await logout(page);
    await login(page, 'cv.tcbc');
    await page.waitForSelector('[data-testid="language"]:has-text("ພາສາລາວ")', { timeout: 20000 });
    await chooseLanguage(page, 'Tiếng Việt');
    await page.waitForSelector('text=Xem để biết');
    await logout(page);
  } finally {
    await keepLanguage('cv.tcbc', 'VI');
  }
});

/** The main pages of each demo person (their navigation's lists, a document, the registers…). */
const MAIN_PAGES = {
  'vanthu.tccb': ['/inbox/pending', '/inbox/processed', '/inbox/info', '/awaiting', '/receive', '/registers', '/outgoing/todo', '/outgoing/drafts', '/outgoing/awaiting', '/outgoing/issued', '/outgoing/book', '/outgoing/new', '/outgoing/opinions', '/search', '/account'],
  'ld.tccb': ['/inbox/pending', '/inbox/processed', '/inbox/info', '/registers', '/overdue', '/outgoing/todo', '/outgoing/issued', '/search'],
  'cv.congchuc1': ['/inbox/pending', '/inbox/processed', '/outgoing/todo', '/outgoing/drafts', '/outgoing/opinions', '/search'],
  auditor: ['/activity', '/audit', '/registers', '/outgoing/issued', '/outgoing/book', '/overdue', '/search'],
  admin: ['/admin', '/activity', '/account'],
};

/** Opens a person's main pages, the document of this block and each administration tab, calling `check` on each. */
async function walkMainPages(page, person, visit) {
  await login(page, person);
  for (const path of MAIN_PAGES[person]) {
    await page.goto(`${BASE}${path}`);
    await visit(path);
  }
  if (person === 'vanthu.tccb' || person === 'ld.tccb') {
    await page.goto(`${BASE}/registers`);
    // A document of the unit's book (the first spec of this block registered one).
    const link = page.locator('[data-testid="book-table"] tbody a').first();
    await link.waitFor({ timeout: 20000 });
    await link.click();
    await page.waitForSelector('[data-testid="document-page"]');
    await visit('a document');
    for (const tab of await page.locator('[data-testid="document-page"] .ant-tabs-tab').all()) {
      await tab.click();
      await visit('a document\'s tab');
    }
  }
  if (person === 'admin') {
    const names = (await page.locator('.ant-tabs-nav-list > .ant-tabs-tab').allTextContents()).map((n) => n.trim());
    for (const name of names) {
      await openAdminTab(page, name);
      await visit(`administration: ${name}`);
    }
  }
  await logout(page);
}

spec('Registers and language: the main pages show no internal code in Vietnamese, English or Lao', async (page) => {
  // The check itself sees the codes the issue found on screen, and passes words.
  for (const code of ['withdrawn', 'verify_signatures', '(P3)', '(di)', 'application/pdf', 'Văn bản 1', 'document.withdrawn']) {
    check(internalCodes(`Trạng thái: ${code} hôm nay`).length > 0, `the check misses "${code}"`);
  }
  check(internalCodes('Số đến 1 — Sổ văn bản đến 2026 · PDF · 12 KB').length === 0, 'the check refuses words');
  for (const person of Object.keys(MAIN_PAGES)) {
    try {
      for (const [lang, name] of [['VI', 'Tiếng Việt'], ['EN', 'English'], ['LO', 'ພາສາລາວ']]) {
        // Kept with the account, the language applies at login.
        await keepLanguage(person, lang);
        await walkMainPages(page, person, async (where) => {
          await page.waitForSelector(`[data-testid="language"]:has-text("${name}")`, { timeout: 20000 });
          await noInternalCodes(page, `${person} (${lang}) ${where}`);
        });
      }
    } finally {
      // Back to Vietnamese for the specs that follow.
      await keepLanguage(person, 'VI');
    }
  }
});

spec('Registers and language: at 390 px no main page is wider than the screen', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = [];
  try {
    for (const person of Object.keys(MAIN_PAGES)) {
      await walkMainPages(page, person, async (where) => {
        await settled(page);
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        if (width > 390) {
          wide.push(`${person} ${where} (${page.url().replace(BASE, '')}): ${width}px`);
          await shot(page, `phone-wide-${wide.length}`);
        }
      });
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  check(wide.length === 0, `pages wider than a 390 px screen:\n${wide.join('\n')}`);
});

// ---------------------------------------------------------------------------------------
// Issue 15, part "home": what a handler sees first.
// ---------------------------------------------------------------------------------------

/** The document's history as the API gives it (the page's own session). */
async function historyOf(page, id) {
  return page.evaluate(async (documentId) => {
    const r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Chancery-CSRF': '1' },
      body: JSON.stringify({ query: 'query($id: ID!) { documentHistory(documentId: $id, first: 500) { nodes { eventType action actor { personName } } } }', variables: { id: documentId } }),
    });
    return (await r.json()).data.documentHistory.nodes;
  }, id);
}

const homeCount = (page, id) => page.getAttribute(`[data-testid="home-${id}"]`, 'data-count').then(Number);

spec('Home and document page: counts and a badge updated within 2 s, direction and own deadline first, the flow tree, a refused document\'s reason, the processing slip printed', async (page) => {
  const notation = `15/UBND-${RUN}`;
  const summary = `Về việc kiện toàn tổ công tác cải cách hành chính ${RUN}`;
  const leaderNote = `Giao Phòng Công chức chủ trì ${RUN}`;
  const headNote = `Đồng chí Một dự thảo báo cáo ${RUN}`;

  // The clerk receives, registers and submits it; opening it again and again is one line of
  // history, and registering is one line.
  await login(page, 'vanthu.tccb');
  const id = await receivePaper(page, notation, summary);
  await register(page);
  for (let i = 0; i < 3; i += 1) {
    await page.reload();
    await page.waitForSelector('[data-testid="document-page"]');
  }
  await act(page, 'submit_to_leader', () => chooseOption(page, '#action_main', 'ld.tccb', 'Mai Văn Tổ'), 'direct');
  const early = await historyOf(page, id);
  check(early.filter((e) => e.eventType === 'document.registered').length === 1, `registration lines: ${JSON.stringify(early)}`);
  check(!early.some((e) => e.eventType === 'document.action-taken' && e.action === 'register'), `the registration's move is a second line: ${JSON.stringify(early)}`);
  check(early.filter((e) => e.eventType === 'document.read').length <= 1, `openings before the clerk acted: ${JSON.stringify(early)}`);
  await logout(page);

  await login(page, 'ld.tccb');
  await openFromInbox(page, summary);
  // Sending on is the primary action; ending or refusing is secondary and asks first.
  const primary = await page.locator('[data-testid="document-page"] button.ant-btn-primary[data-action]').count();
  check(primary >= 1, 'no primary action for the leader');
  for (const b of await page.locator('[data-action][data-confirm="1"]').all()) {
    check(!(await b.getAttribute('class')).includes('ant-btn-primary'), `an irreversible action looks primary: ${await b.getAttribute('data-action')}`);
  }
  await act(page, 'forward_to_department', async () => {
    await chooseOption(page, '#action_main', 'tp.congchuc', 'Lương Văn Công');
    await page.fill('input#action_deadlineInWorkingDays', '10');
    await page.fill('#action_note', leaderNote);
  }, 'department');
  await logout(page);

  // The specialist watches their home page while the head, in another browser, sends them the
  // document: the counts and the badge follow within two seconds.
  await login(page, 'cv.congchuc1');
  await page.goto(`${BASE}/home`);
  await page.waitForSelector('[data-testid="home-pending"]');
  const before = await homeCount(page, 'pending');
  const badge = page.locator('[data-testid="badge-pending"]');
  const badgeBefore = (await badge.count()) ? Number(await badge.textContent()) : 0;
  check(badgeBefore === Math.min(before, 99) || before > 99, `the badge (${badgeBefore}) is not the pending count (${before})`);
  const other = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const head = await (await other.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
    head.setDefaultTimeout(20000);
    await login(head, 'tp.congchuc');
    await openFromInbox(head, summary);
    await act(head, 'forward_to_specialist', async () => {
      await chooseOption(head, '#action_main', 'cv.congchuc1', 'Kiều Thị Một');
      await chooseOption(head, '#action_co', 'cv.congchuc2', 'Quách Văn Hai');
      await head.keyboard.press('Escape');
      await head.fill('input#action_deadlineInWorkingDays', '3');
      await head.fill('#action_note', headNote);
    }, 'handle');
    const sent = Date.now();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="home-pending"]')?.getAttribute('data-count')) === n
      && Number(document.querySelector('[data-testid="badge-pending"]')?.textContent) === Math.min(n, 99), before + 1, { timeout: 2000, polling: 50 });
    console.log(`    new work on the home page and the badge after ${Date.now() - sent} ms`);
  } finally {
    await other.close();
  }
  await shot(page, 'home-1-counts');
  // Each count links to its list.
  await page.click('[data-testid="home-pending"]');
  await page.locator('[data-testid="inbox-link"]', { hasText: summary }).first().waitFor();

  // The document: the directions and my own deadline first, above the actions.
  await openFromInbox(page, summary);
  const first = page.locator('[data-testid="first-view"]');
  await first.waitFor();
  const directions = await page.locator('[data-testid="direction"]').allTextContents();
  const li = directions.findIndex((x) => x.includes(leaderNote));
  const hi = directions.findIndex((x) => x.includes(headNote));
  check(li >= 0 && hi > li, `directions: ${JSON.stringify(directions)}`);
  const myDeadline = await page.textContent('[data-testid="my-deadline"]');
  check(/\d{2}\/\d{2}\/\d{4}/.test(myDeadline), `my deadline: ${myDeadline}`);
  const firstBox = await first.boundingBox();
  const actionsBox = await page.locator('[data-action]').first().boundingBox();
  check(firstBox.y < actionsBox.y, 'the directions come after the actions');
  // Finishing is secondary and asks for confirmation; forwarding is primary.
  check((await page.getAttribute('[data-action="finish"]', 'data-confirm')) === '1', 'finish asks for no confirmation');
  check(!(await page.getAttribute('[data-action="finish"]', 'class')).includes('ant-btn-primary'), 'finish looks primary');
  check((await page.getAttribute('[data-action="forward"]', 'class')).includes('ant-btn-primary'), 'forwarding is not the primary action');
  await shot(page, 'home-2-document-first');

  // The flow: clerk → leader → head → the specialist (main) and the colleague (co), in order.
  await page.click('.ant-tabs-tab:has-text("Quá trình xử lý")');
  await page.waitForSelector('[data-testid="flow-tree"]');
  const nodes = await page.locator('[data-testid="flow-node"]').evaluateAll((els) => els.map((e) => `${e.dataset.kind}:${e.textContent}`));
  const at = (kind, name) => nodes.findIndex((n) => n.startsWith(`${kind}:`) && n.includes(name));
  const order = [at('MAIN', 'Mai Văn Tổ'), at('MAIN', 'Lương Văn Công'), at('MAIN', 'Kiều Thị Một'), at('CO', 'Quách Văn Hai')];
  check(nodes[0]?.startsWith('START:') && order[0] > 0 && order.slice(1).every((x, i) => x > order[i]), `flow: ${JSON.stringify(nodes)}`);
  await page.locator('[data-testid="co-part"][data-state="OPEN"]', { hasText: 'Quách Văn Hai' }).waitFor();
  await shot(page, 'home-3-flow');

  // The processing slip, printed to PDF: the document, the directions and the flow.
  await page.click('[data-testid="print-processing-slip"]');
  await page.waitForSelector('[data-testid="slip"][data-slip="processing"] [data-testid="slip-flow-row"]');
  await page.emulateMedia({ media: 'print' });
  const pdfPath = join(OUT, 'home-processing-slip.pdf');
  await page.pdf({ path: pdfPath, format: 'A4' });
  await page.emulateMedia({ media: 'screen' });
  const slipText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  check(slipText.includes('PHIẾU XỬ LÝ VĂN BẢN ĐẾN') && slipText.includes(notation) && slipText.includes(leaderNote) && slipText.includes('Kiều Thị Một'), `processing slip: ${slipText}`);
  await page.goto(`${BASE}/documents/${id}/print/submission`);
  await page.waitForSelector('[data-testid="slip"][data-slip="submission"]');
  check((await page.textContent('[data-testid="slip"]')).includes('Mai Văn Tổ'), 'the submission slip names the leader');

  // The specialist finishes (asked to confirm) before the colleague contributed: the
  // colleague's part is closed without contribution, shown to both.
  await openFromInbox(page, summary);
  await act(page, 'finish', () => page.fill('#action_note', 'Đã hoàn thành báo cáo'), 'finished');
  await page.click('.ant-tabs-tab:has-text("Quá trình xử lý")');
  await page.locator('[data-testid="co-part"][data-state="CLOSED_WITHOUT_CONTRIBUTION"]', { hasText: 'Quách Văn Hai' }).waitFor();
  const late = await historyOf(page, id);
  const reads = late.filter((e) => e.eventType === 'document.read' && e.actor?.personName === 'Kiều Thị Một');
  check(reads.length <= 2, `the specialist's openings: ${reads.length}`);
  await logout(page);
  await login(page, 'cv.congchuc2');
  await openFromInbox(page, summary, 'processed');
  await page.click('.ant-tabs-tab:has-text("Quá trình xử lý")');
  await page.locator('[data-testid="co-part"][data-state="CLOSED_WITHOUT_CONTRIBUTION"]', { hasText: 'Quách Văn Hai' }).waitFor();
  await logout(page);

  // Someone who may not read it is told why, never shown a blank page.
  await login(page, 'vanthu.khtc');
  await page.goto(`${BASE}/documents/${id}`);
  const refused = page.locator('[data-testid="document-refused"]');
  await refused.waitFor();
  const code = await refused.getAttribute('data-code');
  const reason = (await refused.textContent()).trim();
  check(['FORBIDDEN', 'NOT_FOUND'].includes(code) && reason.length > 5 && !/[A-Z_]{6,}/.test(reason), `refusal: ${code} ${reason}`);
  await shot(page, 'home-4-refused');
  await logout(page);
});

// Issue 15, helper "issuenum": the issued PDF carries its number and date on page 1 (Decree 30),
// both signatures still valid. Reads the document the P4 spec issued (same RUN).
spec('P4 issued PDF: the number and the date read back from page 1 with pdftotext, both signatures valid (pdfsig)', async (page) => {
  const summary = `Về việc đề nghị cử cán bộ dự tập huấn ${RUN}`;
  await login(page, 'vanthu.tccb');
  await openOutgoing(page, summary, 'issued');
  const tag = await page.textContent('[data-testid="number-notation"]');
  const href = await page.locator('[data-testid="outgoing-page"] a[download][href*="/files/"]').first().getAttribute('href');
  const response = await page.request.get(new URL(href, BASE).toString());
  check(response.status() === 200, `issued PDF download answered ${response.status()}`);
  const dir = mkdtempSync(join(tmpdir(), 'chancery-e2e-issued-'));
  try {
    const file = join(dir, 'issued.pdf');
    writeFileSync(file, await response.body());
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    const line = text.split('\n').find((l) => l.includes('Số: '));
    check(line, `no "Số:" line on page 1: ${text}`);
    const notation = line.match(/Số: (\S+)/)[1];
    check(tag.includes(notation), `page 1 shows ${notation}, the page ${tag}`);
    check(/ngày \d{2} tháng \d{1,2} năm \d{4}/.test(line), `no date beside the number: ${line}`);
    const report = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    check((report.match(/Signature is Valid\./g) ?? []).length === 2, `pdfsig: ${report}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await logout(page);
});

/** Ticks `column` (main, co, info) of the recipient grid's row named `name`. */
async function gridChoose(page, name, column) {
  const index = { main: 2, co: 3, info: 4 }[column];
  const box = page.locator(`[data-testid="recipient-grid"] tr[data-name="${name}"] td:nth-child(${index}) input[type="checkbox"]`);
  await box.waitFor({ timeout: 20000 });
  // The grid shows the form's choice, which follows the click a moment later.
  await box.click();
  await page.waitForFunction((el) => el.checked, await box.elementHandle(), { timeout: 5000 });
}

spec('Recipients: the usual people and departments offered before typing; forwarded with the grid (main and co-handler by checkbox) and to a department, received by its head', async (page) => {
  const summary = `Lưới người nhận ${RUN}`;
  await login(page, 'vanthu.tccb');
  await receivePaper(page, `91/BTC-${RUN}`, summary);
  await register(page);
  // The clerk submits to the leader: the unit's leaders are offered first, nothing typed.
  await act(page, 'submit_to_leader', async () => {
    await page.waitForSelector('[data-testid="recipient-grid"] [data-testid="recipient-group"]');
    const first = await page.getAttribute('[data-testid="recipient-grid"] [data-testid="recipient-row"]', 'data-name');
    check(first === 'Mai Văn Tổ', `the first offered is ${first}, not the head of the unit`);
    const offered = await page.textContent('[data-testid="recipient-grid"]');
    check(!offered.includes('Hồ Văn Giám'), 'another agency\'s head is offered');
    check(offered.includes('Phòng Công chức'), 'the unit\'s departments are not offered');
    await gridChoose(page, 'Mai Văn Tổ', 'main');
  }, 'direct');
  await logout(page);

  // The leader, at phone width, forwards to a department: chosen as a row of the grid.
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'ld.tccb');
  await openFromInbox(page, summary);
  await act(page, 'forward_to_department', async () => {
    await gridChoose(page, 'Phòng Công chức', 'main');
    // A row is in one column at most: ticking the co-handler column moves it there, and back.
    await gridChoose(page, 'Phòng Công chức', 'co');
    check(!(await page.locator('[data-testid="recipient-grid"] tr[data-name="Phòng Công chức"] td:nth-child(2) input').isChecked()), 'a row in two columns');
    await gridChoose(page, 'Phòng Công chức', 'main');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 390, `the dialog at 390 px is ${wide} px wide`);
    await shot(page, 'recipients-1-department-at-390');
    await page.fill('input#action_deadlineInWorkingDays', '5');
    await page.fill('#action_note', 'Giao Phòng Công chức chủ trì');
  }, 'department');
  await logout(page);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The department's head received it; they forward with the grid: main and co-handler.
  await login(page, 'tp.congchuc');
  await openFromInbox(page, summary);
  await act(page, 'forward_to_specialist', async () => {
    await gridChoose(page, 'Kiều Thị Một', 'main');
    await gridChoose(page, 'Quách Văn Hai', 'co');
    await page.fill('input#action_deadlineInWorkingDays', '3');
    await shot(page, 'recipients-2-grid');
  }, 'handle');
  await logout(page);

  // Both specialists have it in their pending box.
  for (const who of ['cv.congchuc1', 'cv.congchuc2']) {
    await login(page, who);
    await openFromInbox(page, summary);
    await logout(page);
  }
});

spec('Signing confirmation: a wrong signing PIN is refused beside the field and signs nothing, then the right one signs', async (page) => {
  const summary = `Ký số cần mã PIN ${RUN}`;
  await login(page, 'cv.congchuc1');
  await page.click('a[href="/outgoing/new"]');
  await page.waitForSelector('form#draft');
  await chooseOption(page, '#draft_documentType', null, 'Công văn');
  await page.fill('#draft_summary', summary);
  await chooseOption(page, '#draft_signerPositionId', 'ld.tccb', 'Mai Văn Tổ');
  await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
  await page.click('[data-testid="recipient-unit"]');
  await page.keyboard.type('Kế hoạch');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Kế hoạch - Tài chính' }).first().click();
  await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Vụ Kế hoạch - Tài chính' }).waitFor();
  await uploadInto(page, 0, 'du-thao.pdf', `Ky so PIN ${RUN}`);
  await waitUploads(page, 1);
  await page.click('[data-testid="draft-submit"]');
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]', { timeout: 20000 });
  await act(page, 'submit_to_leader', null, null);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="leader_review"]', { timeout: 20000 });
  await logout(page);

  await login(page, 'ld.tccb');
  await openOutgoing(page, summary);
  await page.click('[data-action="sign"]');
  await page.waitForSelector('.ant-modal form#action');
  await page.waitForSelector('[data-testid="sign-key"]', { timeout: 20000 });
  // The dialog asks for the PIN and says why; a wrong one is refused beside the field.
  await page.waitForSelector('[data-testid="signing-confirm"]', { timeout: 20000 });
  await page.fill('#action_pin', '000000');
  await page.click('[data-testid="action-submit"]');
  const beside = page.locator('.ant-form-item:has(#action_pin) .ant-form-item-explain-error');
  await beside.waitFor({ timeout: 20000 });
  const said = (await beside.textContent()).trim();
  check(said.includes('không đúng') && !/[A-Z_]{6,}/.test(said), `wrong PIN: ${said}`);
  await shot(page, 'confirm-1-wrong-pin');
  check((await page.getAttribute('[data-testid="outgoing-page"]', 'data-step')) === 'leader_review', 'a wrong PIN signed');
  // The right PIN signs.
  await page.fill('#action_pin', DEMO_PIN);
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('.ant-modal form#action', { state: 'detached', timeout: 30000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="format_check"]', { timeout: 20000 });
  await page.locator('[data-testid="signatures"] tr[data-kind="personal"][data-valid="true"]').waitFor({ timeout: 20000 });
  await shot(page, 'confirm-2-signed');
  // The account page says the PIN is set, and lets it be changed after the password.
  await page.goto(`${BASE}/account`);
  await page.waitForSelector('[data-testid="signing-pin-card"] [data-testid="pin-set"]', { timeout: 20000 });
  await logout(page);
});

spec('Signing confirmation: the leader selects two drafts in the to-do list and signs both with one PIN', async (page) => {
  const summaries = [`Lô ký 1 ${RUN}`, `Lô ký 2 ${RUN}`];
  await login(page, 'cv.congchuc1');
  for (const summary of summaries) {
    await page.goto(`${BASE}/outgoing/new`);
    await page.waitForSelector('form#draft');
    await chooseOption(page, '#draft_documentType', null, 'Công văn');
    await page.fill('#draft_summary', summary);
    await chooseOption(page, '#draft_signerPositionId', 'ld.tccb', 'Mai Văn Tổ');
    await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
    await page.click('[data-testid="recipient-unit"]');
    await page.keyboard.type('Kế hoạch');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Kế hoạch - Tài chính' }).first().click();
    await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Vụ Kế hoạch - Tài chính' }).waitFor();
    await uploadInto(page, 0, 'du-thao.pdf', summary);
    await waitUploads(page, 1);
    await page.click('[data-testid="draft-submit"]');
    await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]', { timeout: 20000 });
    await act(page, 'submit_to_leader', null, null);
    await page.waitForSelector('[data-testid="outgoing-page"][data-step="leader_review"]', { timeout: 20000 });
  }
  await logout(page);

  await login(page, 'ld.tccb');
  await page.goto(`${BASE}/outgoing/todo`);
  for (const summary of summaries) {
    const row = page.locator('[data-testid="outgoing-table"] tr', { hasText: summary }).first();
    await row.waitFor({ timeout: 20000 });
    await row.locator('input[type="checkbox"]').check();
  }
  await page.click('[data-testid="batch-sign"]');
  await page.waitForSelector('.ant-modal form#batch');
  check((await page.textContent('[data-testid="batch-documents"]')).includes(summaries[1]), 'the batch lists the documents');
  await page.fill('#batch_pin', DEMO_PIN);
  await shot(page, 'confirm-3-batch');
  await page.click('[data-testid="batch-sign-submit"]');
  await page.waitForSelector('.ant-modal form#batch', { state: 'detached', timeout: 60000 });
  for (const summary of summaries) {
    await page.locator('[data-testid="outgoing-table"] tr', { hasText: summary }).waitFor({ state: 'detached', timeout: 20000 });
  }
  await openOutgoing(page, summaries[0], 'processed');
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="format_check"]', { timeout: 20000 });
  await page.locator('[data-testid="signatures"] tr[data-kind="personal"][data-valid="true"]').waitFor({ timeout: 20000 });
  await logout(page);
});

spec('A draft written in Word: the .docx main file is converted to the PDF; the versions show "converted from .docx" and the editable version downloads as the Word file', async (page) => {
  const summary = `Về việc báo cáo biên chế ${RUN}`;
  const docx = readFileSync(new URL('../../crates/files/tests/fixtures/bao-cao.docx', import.meta.url));
  await login(page, 'cv.congchuc1');
  await page.click('a[href="/outgoing/new"]');
  await page.waitForSelector('form#draft');
  await chooseOption(page, '#draft_documentType', null, 'Công văn');
  await page.fill('#draft_summary', summary);
  await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
  await page.click('[data-testid="recipient-unit"]');
  await page.keyboard.type('Kế hoạch');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Kế hoạch - Tài chính' }).first().click();
  await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Vụ Kế hoạch - Tài chính' }).waitFor();
  await page.locator('input[type="file"]').nth(0).setInputFiles({
    name: 'Bao-cao-bien-che.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: docx,
  });
  await waitUploads(page, 1);
  await page.click('[data-testid="draft-submit"]');
  await page.waitForURL(/\/outgoing\/doc\//, { timeout: 60000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]');
  // The main file is the PDF made from the Word file.
  const main = page.locator('[data-testid="outgoing-page"] a[download][href*="/files/"]').first();
  check((await main.getAttribute('download')) === 'Bao-cao-bien-che.pdf', `main file: ${await main.getAttribute('download')}`);
  // Beside the current files, the editable version the PDF was made from.
  await page.locator('[data-testid="version-source"]:visible', { hasText: 'Bản chỉnh sửa (.docx)' }).first().waitFor();
  await page.click('.ant-tabs-tab:has-text("Phiên bản")');
  const source = page.locator('[data-testid="versions-table"] [data-testid="version-source"]').first();
  await source.waitFor();
  const text = await source.textContent();
  check(text.includes('Chuyển từ .docx') && text.includes('Bản chỉnh sửa (.docx)'), `source: ${text}`);
  await shot(page, 'docx-draft-versions');
  const href = await source.locator('a[download]').getAttribute('href');
  const response = await page.request.get(new URL(href, BASE).toString());
  check(response.status() === 200, `editable version download answered ${response.status()}`);
  check(Buffer.compare(await response.body(), docx) === 0, 'the editable version is not the uploaded Word file');
  await logout(page);
});

spec('Outgoing recipients: the drafter submits to the head ticked in the grid, nothing typed; the head asks a colleague ticked in the grid, then passes to the deputy ticked among the leaders, who receives it', async (page) => {
  const summary = `Trình đích danh ${RUN}`;
  const rowsOf = async () => page.locator('[data-testid="recipient-grid"] [data-testid="recipient-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  await login(page, 'cv.congchuc1');
  await page.goto(`${BASE}/outgoing/new`);
  await page.waitForSelector('form#draft');
  await chooseOption(page, '#draft_documentType', null, 'Công văn');
  await page.fill('#draft_summary', summary);
  await chooseOption(page, '#draft_signerPositionId', 'ld.tccb', 'Mai Văn Tổ');
  await page.click('[data-testid="process-choice"] input[value="p4-outgoing-unit"]');
  await page.click('[data-testid="recipient-unit"]');
  await page.keyboard.type('Kế hoạch');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: 'Vụ Kế hoạch - Tài chính' }).first().click();
  await page.locator('[data-testid="recipients-table"] tr', { hasText: 'Vụ Kế hoạch - Tài chính' }).waitFor();
  await uploadInto(page, 0, 'du-thao.pdf', `Du thao ${RUN}`);
  await waitUploads(page, 1);
  await page.click('[data-testid="draft-submit"]');
  await page.waitForURL(/\/outgoing\/doc\//, { timeout: 20000 });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="draft"]');
  // Submitting to the department: its head is offered before anything is typed, alone, and ticked.
  await act(page, 'submit_to_department', async () => {
    await page.waitForSelector('[data-testid="recipient-grid"] [data-testid="recipient-row"]', { timeout: 20000 });
    const offered = await rowsOf();
    check(offered.length === 1 && offered[0] === 'Lương Văn Công', `offered to submit to: ${offered}`);
    await gridChoose(page, 'Lương Văn Công', 'main');
    check(!(await page.inputValue('#action_main').catch(() => '')), 'something was typed in the search');
    await shot(page, 'outgoing-recipients-1-submit-to-head');
  });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="department_review"]', { timeout: 20000 });
  // Held by the head by name (not by the department's pool).
  await page.click('.ant-tabs-tab:has-text("Quá trình")');
  await page.waitForFunction(() => (document.querySelector('[data-testid="main-handler"]')?.textContent ?? '').includes('Lương Văn Công'), null, { timeout: 20000 });
  await logout(page);

  await login(page, 'tp.congchuc');
  await openOutgoing(page, summary);
  // Asking opinions: the department's people and the agency's units are offered; one ticked.
  await page.click('[data-testid="request-opinions"]');
  await page.waitForSelector('form#opinions [data-testid="recipient-grid"] [data-testid="recipient-row"]', { timeout: 20000 });
  const colleagues = await rowsOf();
  check(colleagues.includes('Quách Văn Hai') && colleagues.includes('Kiều Thị Một'), `offered to ask: ${colleagues}`);
  check(colleagues.includes('Vụ Kế hoạch - Tài chính') && !colleagues.includes('Hồ Văn Giám'), `units offered to ask: ${colleagues}`);
  const ask = page.locator('[data-testid="recipient-grid"] tr[data-name="Quách Văn Hai"] td:nth-child(2) input[type="checkbox"]');
  await ask.click();
  await page.waitForFunction((el) => el.checked, await ask.elementHandle(), { timeout: 5000 });
  await page.fill('#opinions_question', `Đề nghị góp ý ${RUN}`);
  await page.click('#opinions_deadline');
  await page.keyboard.type(new Date(Date.now() + 5 * 86400000).toLocaleDateString('en-GB'));
  await page.keyboard.press('Enter');
  await page.click('[data-testid="opinion-request-submit"]');
  await page.waitForSelector('form#opinions', { state: 'detached', timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Ý kiến")');
  await page.locator('[data-testid="opinions-table"] tr', { hasText: 'Quách Văn Hai' }).waitFor();
  // Passing it to the leaders: the head of the unit first, then the deputy, who is ticked.
  await act(page, 'submit_to_leader', async () => {
    await page.waitForSelector('[data-testid="recipient-grid"] [data-testid="recipient-row"]', { timeout: 20000 });
    const leaders = await rowsOf();
    check(leaders[0] === 'Mai Văn Tổ' && leaders.includes('Hà Thị Chức') && !leaders.includes('Trịnh Văn Kế'), `offered leaders: ${leaders}`);
    await gridChoose(page, 'Hà Thị Chức', 'main');
  });
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="leader_review"]', { timeout: 20000 });
  await page.click('.ant-tabs-tab:has-text("Quá trình")');
  await page.waitForFunction(() => (document.querySelector('[data-testid="main-handler"]')?.textContent ?? '').includes('Hà Thị Chức'), null, { timeout: 20000 });
  await logout(page);

  // The deputy named has it in their to-do list.
  await login(page, 'pho.tccb');
  await openOutgoing(page, summary);
  await page.waitForSelector('[data-testid="outgoing-page"][data-step="leader_review"]');
  await logout(page);
});

const profile = mkdtempSync(join(tmpdir(), 'chancery-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  locale: 'vi-VN',
});
const only = process.argv[2];
let passed = 0;
let failed = 0;
for (const s of specs) {
  if (only && !s.name.includes(only)) continue;
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const started = Date.now();
  try {
    await s.fn(page);
    passed += 1;
    console.log(`  ✓ ${s.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`  ✗ ${s.name}\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
    await shot(page, `FAILED-${specs.indexOf(s)}`).catch(() => {});
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear()).catch(() => {});
  }
  await page.close();
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
