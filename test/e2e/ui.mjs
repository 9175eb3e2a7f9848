// Small helpers that drive the VS Code workbench from the page, the way a
// user does (keyboard first). Pitfalls they handle: shared/reference/vscode-testing.md.
import { waitFor } from '../../scripts/vscode/code-server.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Text of the visible quick input rows. */
async function quickInputRows(page) {
  return page.$$eval('.quick-input-widget .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent || ''));
}

/**
 * Opens a quick input with `key`, fills in `text` and presses Enter once its rows satisfy `ready`.
 * Focus handed back late to a webview (after a modal or the palette itself closed) can close the
 * quick input just after it opened (seen in CI): each step has a short timeout and the whole is retried.
 */
async function submitQuickInput(page, { key, text, what, ready = () => true, readyMs = 5_000 }) {
  const input = '.quick-input-widget input';
  let attempt = 0;
  await waitFor(what, async () => {
    if (attempt++ > 0) await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    await page.waitForSelector(input, { state: 'visible', timeout: 5_000 });
    await page.fill(input, text, { timeout: 5_000 });
    return waitFor(`${what}: its rows`, async () => ready(await quickInputRows(page)), readyMs);
  }, 30_000 + readyMs, 500);
  await page.keyboard.press('Enter');
}

/** Ctrl+P and the path; waits for its own row (the first rows are "recently opened"). */
export async function openFile(page, relPath) {
  const [dir, name] = [relPath.split('/').slice(0, -1).join('/'), relPath.split('/').at(-1)];
  await submitQuickInput(page, {
    key: 'Control+P',
    text: relPath,
    what: `a quick open row for ${relPath}`,
    ready: (rows) => rows.length > 0 && rows[0].includes(name) && rows[0].includes(dir),
    readyMs: 20_000,
  });
  await waitFor(`${relPath} to be the active editor`, async () => (await activeEditorPath(page)).includes(relPath.split('/').join(' ')), 20_000);
}

/** The active editor's breadcrumbs ("examples flask-sync app.py"), which tell same-named files apart. */
export async function activeEditorPath(page) {
  return page.evaluate(() => {
    const group = document.querySelector('.editor-group-container.active');
    const crumbs = group?.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item') ?? [];
    return [...crumbs].map((c) => (c.textContent || '').trim()).filter(Boolean).join(' ');
  });
}

export async function activeTabLabel(page) {
  return page.evaluate(() => {
    const tab = document.querySelector('.editor-group-container.active .tab.active');
    return tab?.getAttribute('aria-label') || tab?.textContent || '';
  });
}

/** Ctrl+G replaces the ":" prefix when filled: type ":L:C" whole. */
export async function gotoLine(page, line, column = 1) {
  await submitQuickInput(page, { key: 'Control+G', text: `:${line}:${column}`, what: `the go-to-line input for ${line}` });
  await waitFor(`the cursor on line ${line}`, async () => (await cursorLine(page)) === line, 10_000);
}

/** "Ln 19, Col 5" in the status bar → 19. */
export async function cursorLine(page) {
  const text = await page.evaluate(() => document.querySelector('#status\\.editor\\.selection')?.textContent ?? '');
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** F1 and the command's title, typed whole with its ">" (filling replaces the prefix). */
export async function runCommand(page, title) {
  await submitQuickInput(page, {
    key: 'F1',
    text: `>${title}`,
    what: `the command "${title}" in the palette`,
    ready: (rows) => rows.length > 0 && rows[0].includes(title),
  });
}

/** Every row of the Problems panel (a virtualised tree: scrolled through to read them all). */
export async function problemRows(page) {
  await page.waitForSelector('.markers-panel', { state: 'visible', timeout: 10_000 });
  return page.evaluate(async () => {
    const seen = new Map();
    const scroller = document.querySelector('.markers-panel .monaco-scrollable-element');
    const list = document.querySelector('.markers-panel .monaco-list');
    const read = () => {
      for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
        const key = row.getAttribute('data-index') ?? String(seen.size);
        seen.set(key, `${row.getAttribute('aria-label') ?? ''} | ${row.textContent ?? ''}`);
      }
    };
    read();
    const rows = list?.querySelector('.monaco-list-rows');
    for (let top = 0; scroller && rows && top < rows.scrollHeight; top += 100) {
      list.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true }));
      await new Promise((r) => setTimeout(r, 30));
      read();
    }
    return [...seen.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
  });
}

/** The inner frame of the webview whose document has `selector` (a webview is two nested iframes). */
export async function webviewFrame(page, selector, timeoutMs = 30_000) {
  return waitFor(`a webview showing ${selector}`, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // detached while looking
      }
    }
    return undefined;
  }, timeoutMs, 500);
}
