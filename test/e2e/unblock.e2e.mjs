// UI tests in a real VS Code (code-server + headless Chromium), the packaged
// VSIX installed, driven from the page like a user. Run by scripts/vscode/e2e.mjs,
// in order, on one workbench: later tests see earlier edits (the fix).
// Expectations come from the CLI's JSON report of the same workspace copy.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../scripts/vscode/code-server.mjs';
import { activeEditorPath, activeTabLabel, cursorLine, gotoLine, openFile, problemRows, runCommand, sleep, webviewFrame } from './ui.mjs';

const FLASK = 'examples/flask-sync/app.py';

/** Every Python and JS/TS file under `dir` (caches and dependencies aside), by path: what a fix would write. */
function sourceTexts(dir) {
  const out = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!entry.isFile() || /[\\/](\.cache|node_modules|\.git)[\\/]/.test(file) || !/\.(py|js|ts|mjs|cjs)$/.test(entry.name)) continue;
    out[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

/** @type {{ title: string, run: (ctx: any) => Promise<void> }[]} */
export const tests = [
  {
    title: 'opening examples/flask-sync/app.py (a plain app next to a gevent-patched one) shows squiggles, a hover with rule and chain, and the Problems entries',
    async run({ page, scan, shot, workspace }) {
      // The workspace holds several apps: the sibling's monkey patching must not silence this one.
      assert.match(fs.readFileSync(path.join(workspace, 'examples/flask-gevent/app.py'), 'utf8'), /monkey\.patch_all\(\)/);
      const expected = scan().findings.filter((f) => f.file === FLASK);
      assert.ok(expected.length >= 3, `the CLI finds the example's blocking calls (${expected.length})`);
      await openFile(page, FLASK);
      await waitFor('Unblock squiggles in the editor', async () => (await page.$$('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error, .monaco-editor .squiggly-info')).length >= expected.length, 90_000);

      const http = expected.find((f) => f.rule === 'py/blocking-http');
      assert.ok(http, 'the example calls requests.get');
      await gotoLine(page, http.line, http.column + 2);
      let hover = '';
      for (let attempt = 0; attempt < 2 && !hover.includes(http.rule); attempt++) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        // The problem part shows at once; the extension's hover (rule, chain) follows.
        hover = await waitFor('the hover with the chain', async () => {
          const text = await page.evaluate(() => [...document.querySelectorAll('.monaco-hover')].map((e) => e.textContent).join('\n'));
          return text.includes('Reached from the handler') ? text : undefined;
        }, 15_000).catch(() => '');
      }
      assert.ok(hover.includes(http.rule), `hover names the rule: ${hover}`);
      assert.match(hover, /Reached from the handler: weather \(examples\/flask-sync\/app\.py:\d+\) → requests\.get/);
      await shot('hover.png');
      await page.keyboard.press('Escape');

      await page.keyboard.press('Control+Shift+M');
      const rows = await waitFor('Problems rows for every finding', async () => {
        const all = await problemRows(page);
        return expected.every((f) => all.some((r) => r.includes(f.rule) && r.includes(`Ln ${f.line}, Col ${f.column}`))) ? all : undefined;
      }, 20_000).catch(async (e) => {
        throw new Error(`${e.message}\nrows:\n${(await problemRows(page)).join('\n')}`);
      });
      for (const f of expected) {
        const row = rows.find((r) => r.includes(f.rule) && r.includes(`Ln ${f.line}, Col ${f.column}`));
        assert.ok(row.includes(f.message.slice(0, 40)), `row shows the message: ${row}`);
      }
      await page.keyboard.press('Control+Shift+M'); // close the panel again
    },
  },
  {
    title: 'Ctrl+. offers the gevent cure first; applying it writes gunicorn.conf.py and clears every sync-worker finding of the app',
    async run({ page, shot, workspace, scan }) {
      const http = scan().findings.find((f) => f.file === FLASK && f.rule === 'py/blocking-http');
      await openFile(page, FLASK);
      await gotoLine(page, http.line, http.column + 2);
      const title = 'Serve with gevent workers (create gunicorn.conf.py)';
      assert.ok(http.fixes.find((f) => f.preferred)?.title === title, `the CLI prefers the cure: ${JSON.stringify(http.fixes)}`);
      let focused = '';
      let seen = [];
      for (let attempt = 0; attempt < 2 && !focused; attempt++) {
        await page.keyboard.press('Control+.');
        await page.waitForSelector('.action-widget .monaco-list-row', { state: 'visible', timeout: 15_000 }).catch(() => undefined);
        for (let i = 0; i < 12; i++) {
          const text = await page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.focused')?.textContent ?? '');
          if (text.includes(title)) {
            focused = text;
            break;
          }
          await page.keyboard.press('ArrowDown');
          await sleep(50);
        }
        seen = await page.$$eval('.action-widget .monaco-list-row', (rows) => rows.map((r) => r.textContent));
        if (!focused) await page.keyboard.press('Escape');
      }
      const items = seen;
      assert.ok(focused, `the quick-fix menu lists "${title}": ${JSON.stringify(items)}`);
      assert.ok(items.some((t) => t.includes('Ignore py/blocking-http on this line')), 'and the suppress fix');
      await shot('quick-fix.png');
      await page.keyboard.press('Enter');
      const conf = path.join(workspace, 'examples/flask-sync/gunicorn.conf.py');
      await runCommand(page, 'File: Save All');
      const text = await waitFor('gunicorn.conf.py saved with gevent workers', async () => {
        await runCommand(page, 'File: Save All');
        const t = fs.existsSync(conf) ? fs.readFileSync(conf, 'utf8') : '';
        return t.includes('worker_class = "gevent"') ? t : undefined;
      }, 15_000, 1000);
      assert.match(text, /^wsgi_app = "app:app"$/m);
      assert.match(fs.readFileSync(path.join(workspace, 'examples/flask-sync/requirements.txt'), 'utf8'), /^gevent$/m);
      assert.ok(!fs.readFileSync(path.join(workspace, FLASK), 'utf8').includes('async def'), 'the view itself is untouched');
      // The open editor drops the findings the cure cleared, as the CLI re-scan does.
      assert.ok(!scan().findings.some((f) => f.file.endsWith(FLASK) && f.context === 'sync-worker'), 'the CLI no longer reports the sync-worker findings');
      await page.keyboard.press('Control+Shift+M');
      await waitFor('the Problems panel without the cleared finding', async () => {
        const rows = await problemRows(page);
        return !rows.some((r) => r.includes(http.rule) && r.includes(`Ln ${http.line}, Col ${http.column}`) && r.includes('app.py'));
      }, 30_000, 1000).catch(async (e) => {
        throw new Error(`${e.message}\nrows:\n${(await problemRows(page)).join('\n')}`);
      });
      await page.keyboard.press('Control+Shift+M');
    },
  },
  {
    title: 'Unblock: Show Report lists the handlers and counts; clicking a finding opens its line',
    async run({ page, shot, scan }) {
      const result = scan();
      await runCommand(page, 'Unblock: Show Report');
      const frame = await webviewFrame(page, '#app');
      const headline = `${result.findings.length} blocking calls in ${result.handlers.length} handlers`;
      await waitFor(`the report headline "${headline}"`, async () => (await frame.textContent('.headline').catch(() => '')) === headline, 60_000).catch(async (e) => {
        throw new Error(`${e.message}; it shows "${await frame.textContent('#app').catch(() => '?')}"`);
      });
      const frameworks = await frame.$$eval('.framework h2', (hs) => hs.map((h) => h.textContent));
      const expectedFrameworks = [...new Set(result.handlers.map((h) => h.framework))].sort();
      assert.deepEqual(frameworks.filter((f) => f !== 'Outside request handlers'), expectedFrameworks);
      const handlerNames = await frame.$$eval('.handler-open', (bs) => bs.map((b) => b.textContent));
      assert.equal(handlerNames.length, result.handlers.length);
      for (const h of result.handlers) assert.ok(handlerNames.includes(h.name), `handler ${h.name} listed`);
      const counts = await frame.$$eval('.sev-list li', (lis) => lis.map((li) => li.textContent.trim()));
      for (const severity of ['error', 'warning', 'info']) {
        const n = result.findings.filter((f) => f.severity === severity).length;
        assert.ok(counts.includes(`${severity} ${n}`), `${severity} count ${n} in ${JSON.stringify(counts)}`);
      }
      await shot('report.png');

      // A finding in another file than the active editor, reached through a chain when there is one.
      const target = result.findings.find((f) => f.file !== FLASK && f.chain.length > 2) ?? result.findings.find((f) => f.file !== FLASK);
      // A locator re-finds the button should a live update re-render the list.
      const button = frame.locator(`.finding-open[aria-label*=" at ${target.file}:${target.line}."]`).first();
      await button.waitFor({ timeout: 10_000 });
      await button.click();
      await waitFor(`${target.file} active at line ${target.line}`, async () => {
        const crumbs = await activeEditorPath(page);
        return crumbs.includes(target.file.split('/').join(' ')) && (await cursorLine(page)) === target.line;
      }, 15_000).catch(async (e) => {
        throw new Error(`${e.message}; active: "${await activeEditorPath(page)}" line ${await cursorLine(page)}`);
      });
      assert.ok((await activeTabLabel(page)).includes(path.basename(target.file)));
    },
  },
  {
    title: "the report's filters narrow the list; its fix button rewrites the call and the report updates live",
    async run({ page, scan, workspace }) {
      const before = scan();
      await runCommand(page, 'Unblock: Show Report');
      const frame = await webviewFrame(page, '.headline');
      // The previous test changed the deployment on disk: the editor re-reads it after a debounce, and its counts follow.
      const shown = `${before.findings.length} blocking calls in ${before.handlers.length} handlers`;
      await waitFor(`the report to show "${shown}"`, async () => (await frame.textContent('.headline').catch(() => '')) === shown, 20_000);
      await frame.fill('#filter-text', 'time.sleep');
      const sleeps = before.findings.filter((f) => f.call === 'time.sleep' || f.chain.some((h) => h.name === 'time.sleep'));
      let listed = -1;
      await waitFor(`the text filter (${sleeps.length} findings expected)`, async () => {
        // A live update re-renders the report: type the filter again if the box it made lost it.
        if ((await frame.inputValue('#filter-text')) !== 'time.sleep') await frame.fill('#filter-text', 'time.sleep');
        listed = (await frame.$$('.finding')).length;
        return listed === sleeps.length;
      }, 10_000).catch((e) => {
        throw new Error(`${e.message}; ${listed} listed`);
      });
      assert.equal(await frame.textContent('#showing'), `${sleeps.length} of ${before.findings.length} blocking calls match`);
      await frame.fill('#filter-text', '');
      await frame.selectOption('#filter-severity', 'error');
      const errors = before.findings.filter((f) => f.severity === 'error').length;
      // A re-render of the whole list: on a loaded machine it once took over 10 s.
      await waitFor('the severity filter', async () => (await frame.$$('.finding')).length === Math.min(errors, 200), 30_000);
      await frame.selectOption('#filter-severity', '');

      // A finding whose preferred fix rewrites its own line (flask-sync's went with the gevent cure).
      const sleepCall = before.findings.find((f) => f.rule === 'py/blocking-sleep' && f.fixes.some((x) => x.preferred && x.title === 'Await asyncio.sleep(...)'));
      assert.ok(sleepCall, 'a time.sleep whose preferred fix awaits asyncio.sleep');
      // A locator, not an element handle: a live update re-renders the list, and a handle taken before it is detached.
      const fix = frame.locator(`.finding:has(.finding-open[aria-label*=" at ${sleepCall.file}:${sleepCall.line}."]) button.fix`);
      await fix.waitFor({ timeout: 10_000 });
      assert.match(await fix.textContent(), /Await asyncio\.sleep/);
      await fix.click();
      // The edit lands in its file (open in the other editor group, maybe hidden): save and read the disk.
      await waitFor(`${sleepCall.file} rewritten and saved`, async () => {
        await runCommand(page, 'File: Save All');
        await sleep(500);
        return !fs.readFileSync(path.join(workspace, sleepCall.file), 'utf8').includes('time.sleep(');
      }, 15_000, 1000);
      const after = scan();
      assert.ok(after.findings.length < before.findings.length, 'the fix removed findings');
      const headline = `${after.findings.length} blocking calls in ${after.handlers.length} handlers`;
      const live = await webviewFrame(page, '.headline');
      await waitFor(`the report to update to "${headline}"`, async () => (await live.textContent('.headline').catch(() => '')) === headline, 20_000);
    },
  },
  {
    title: "the report's Scan workspace button runs the scan and reports its counts",
    async run({ page, scan }) {
      const result = scan();
      await runCommand(page, 'Unblock: Show Report');
      const frame = await webviewFrame(page, '.headline');
      await frame.click('button:has-text("Scan workspace")');
      const toast = `${result.filesScanned} files, ${result.handlers.length} handlers, ${result.findings.length} blocking calls`;
      await waitFor(`the notification "${toast}"`, async () =>
        (await page.$$eval('.notifications-toasts .notification-list-item', (items) => items.map((i) => i.textContent))).some((t) => t.includes(toast)), 30_000)
        .catch(async (e) => {
          throw new Error(`${e.message}; toasts: ${JSON.stringify(await page.$$eval('.notifications-toasts .notification-list-item', (items) => items.map((i) => i.textContent)))}`);
        });
      const headline = `${result.findings.length} blocking calls in ${result.handlers.length} handlers`;
      await waitFor('the report after the scan', async () => (await frame.textContent('.headline').catch(() => '')) === headline, 10_000);
      await waitFor('the "scan in progress" banner to go', async () => (await frame.$('.banner')) === null, 10_000);
    },
  },
  {
    title: 'Unblock: Export Report… saves the Markdown report through the save dialog',
    async run({ page, workspace, scan }) {
      const target = path.join(workspace, 'unblock-report.md');
      await runCommand(page, 'Unblock: Export Report…');
      await waitFor('the format picker', async () => (await page.$$eval('.quick-input-widget .monaco-list-row', (rows) => rows.map((r) => r.textContent))).some((t) => t.includes('Markdown')), 10_000);
      await page.fill('.quick-input-widget input', 'Markdown');
      await page.keyboard.press('Enter');
      // code-server's save dialog is VS Code's own: a quick input holding the default path.
      await waitFor('the save dialog', async () => (await page.inputValue('.quick-input-widget input').catch(() => '')).endsWith('unblock-report.md'), 10_000);
      await page.keyboard.press('Enter');
      const text = await waitFor('the exported file', () => (fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined), 20_000);
      const result = scan();
      assert.ok(text.includes(`${result.findings.length} blocking calls`), 'the totals of the workspace');
      for (const f of result.findings.slice(0, 5)) assert.ok(text.includes(f.rule), `the report names ${f.rule}`);
    },
  },
  {
    title: 'the report survives a window reload (serializer)',
    async run({ page, scan }) {
      const result = scan();
      await runCommand(page, 'Unblock: Show Report');
      await webviewFrame(page, '.headline');
      // Reloading the page is a window reload: the workbench restores its editors, the webview through our serializer.
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const headline = `${result.findings.length} blocking calls in ${result.handlers.length} handlers`;
      await waitFor('the revived report', async () => {
        const frame = await webviewFrame(page, '.headline', 5_000).catch(() => undefined);
        return frame && (await frame.textContent('.headline').catch(() => '')) === headline;
      }, 60_000, 1000);
    },
  },
  {
    title: 'Unblock: Apply All Safe Fixes asks first, previews the edits on request, then applies them',
    async run({ page, scan, shot, workspace }) {
      const before = scan();
      const onDisk = sourceTexts(workspace);
      const dialogButton = (name) => page.locator('.monaco-dialog-box .monaco-button', { hasText: name }).first();
      await runCommand(page, 'Unblock: Apply All Safe Fixes');
      await dialogButton('Preview').waitFor({ state: 'visible', timeout: 20_000 });
      assert.match(await page.textContent('.monaco-dialog-box'), /apply \d+ safe edits in \d+ files/);
      await dialogButton('Preview').click();
      const panel = '.monaco-workbench .part.panel';
      await page.locator(`${panel} .monaco-button`, { hasText: /^Discard$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      // The preview's rows render after its buttons.
      const files = await waitFor('the preview rows', async () => {
        const rows = await page.$$eval(`${panel} .monaco-list-row`, (els) => els.map((r) => r.textContent));
        return rows.some((t) => /\.(py|js|ts)/.test(t)) ? rows : undefined;
      }, 20_000, 250).catch(() => []);
      assert.ok(files.some((t) => /\.(py|js|ts)/.test(t)), `the preview lists the files to change: ${JSON.stringify(files)}`);
      // Previewing writes nothing: every source file on disk is as it was (a scan count would also move with unrelated saves).
      assert.deepEqual(sourceTexts(workspace), onDisk, 'nothing changes while previewing');
      await shot('apply-all-preview.png');
      await page.locator(`${panel} .monaco-button`, { hasText: /^Discard$/ }).first().click();
      await sleep(500);
      assert.deepEqual(sourceTexts(workspace), onDisk, 'Discard changes nothing');

      await runCommand(page, 'Unblock: Apply All Safe Fixes');
      await dialogButton('Apply').waitFor({ state: 'visible', timeout: 20_000 });
      await dialogButton('Apply').click();
      await waitFor('the fixes on disk', async () => {
        await runCommand(page, 'File: Save All');
        await sleep(500);
        return scan().findings.length < before.findings.length;
      }, 60_000, 1000);
    },
  },
];
