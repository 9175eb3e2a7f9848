import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, codeOf, lineOf, openAndWait, unblockDiagnostics, waitFor, workspaceUri } from './helpers';

/** Range of `needle` on its line, as the engine should report the call. */
function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const line = lineOf(document, needle) - 1;
  const start = document.lineAt(line).text.indexOf(needle);
  return new vscode.Range(line, start, line, start + needle.length);
}

function byCode(ds: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const d = ds.find((x) => codeOf(x) === code);
  assert.ok(d, `no ${code} diagnostic among ${ds.map(codeOf).join(', ') || 'none'}`);
  return d;
}

describe('diagnostics in the editor', () => {
  const app = () => workspaceUri('service', 'app.py');
  afterEach(closeAll);

  it('reports blocking calls of async FastAPI handlers with rule code, docs link, range and severity', async () => {
    const { document, diagnostics } = await openAndWait(app(), (ds) => ds.length >= 3);
    assert.deepStrictEqual(diagnostics.map(codeOf).sort(), ['py/blocking-http', 'py/blocking-sleep', 'py/via-call']);

    const sleep = byCode(diagnostics, 'py/blocking-sleep');
    assert.ok(sleep.range.isEqual(rangeOf(document, 'time.sleep(1)')), `range ${JSON.stringify(sleep.range)}`);
    assert.strictEqual(sleep.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(sleep.source, 'Unblock');
    const code = sleep.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /\/docs\/rules\/py\/blocking-sleep\.md$/);
    assert.match(sleep.message, /event loop/);
    // Fixes are computed when code actions ask; the message only says one exists.
    assert.match(sleep.message, /Quick fix available\./);

    const http = byCode(diagnostics, 'py/blocking-http');
    assert.ok(http.range.isEqual(rangeOf(document, 'requests.get("https://example.com", timeout=5)')));
  });

  it('links a handler finding to the helper that blocks, hop by hop', async () => {
    const { document, diagnostics } = await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/via-call'));
    const via = byCode(diagnostics, 'py/via-call');
    assert.ok(via.range.isEqual(rangeOf(document, 'load_profile(user_id)')));
    const related = via.relatedInformation ?? [];
    assert.ok(related.length >= 2, `relatedInformation: ${JSON.stringify(related)}`);
    const last = related[related.length - 1];
    assert.ok(last.location.uri.fsPath.endsWith('helpers.py'), last.location.uri.fsPath);
    const helpers = await vscode.workspace.openTextDocument(workspaceUri('service', 'helpers.py'));
    assert.strictEqual(last.location.range.start.line, lineOf(helpers, 'time.sleep(0.5)') - 1);
    assert.strictEqual(related[0].location.uri.fsPath, app().fsPath);
    assert.strictEqual(related[0].location.range.start.line, lineOf(document, 'async def profile') - 1);
  });

  it('updates the handler diagnostic when the helper it calls is edited', async () => {
    await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/via-call'));
    const helpers = await vscode.workspace.openTextDocument(workspaceUri('service', 'helpers.py'));
    await vscode.window.showTextDocument(helpers, { preview: false });
    const line = lineOf(helpers, 'time.sleep(0.5)') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(helpers.uri, helpers.lineAt(line).range, '    delay = 0.5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('py/via-call to disappear from app.py', () => !unblockDiagnostics(app()).some((d) => codeOf(d) === 'py/via-call'));
    // Undo: the chain comes back.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('py/via-call to come back', () => unblockDiagnostics(app()).some((d) => codeOf(d) === 'py/via-call'));
  });

  it('follows typing in an Express handler: its finding moves with the text, a blocking call typed in shows where it was typed, and a revert puts them back', async () => {
    const reports = workspaceUri('examples', 'express-app', 'src', 'routes', 'reports.js');
    const { document } = await openAndWait(reports, (ds) => ds.some((d) => codeOf(d) === 'js/via-call'));
    const original = document.getText();
    const at = (needle: string) => rangeOf(document, needle);
    const via = () => unblockDiagnostics(reports).find((d) => codeOf(d) === 'js/via-call');
    const before = via()!.range;
    assert.ok(before.isEqual(at('renderReport(req.params.year)')), `range ${JSON.stringify(before)}`);
    // Typed one edit at a time, as keystrokes arrive: first in front of the call, then in the other handler.
    const insert = async (needle: string, text: string, where: 'before' | 'after') => {
      const range = at(needle);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(reports, where === 'before' ? range.start : range.end, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await insert('renderReport(req.params.year)', 'void 0 || ', 'before');
    await waitFor('js/via-call to move with its call', () => via()?.range.isEqual(at('renderReport(req.params.year)')));
    await insert("res.type('pdf').send(pdf);", " require('fs').readFileSync('/tmp/typed');", 'after');
    await waitFor('js/sync-fs where it was typed', () =>
      unblockDiagnostics(reports).some((d) => codeOf(d) === 'js/sync-fs' && d.range.isEqual(at("require('fs').readFileSync('/tmp/typed')"))),
    );
    assert.ok(via()?.range.isEqual(at('renderReport(req.params.year)')), 'the first handler\'s finding stays where it is');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // The editor may have saved the typed text meanwhile (then a revert keeps it): put the file back as it was, on disk too.
    if (document.getText() !== original) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(reports, new vscode.Range(0, 0, document.lineCount, 0), original);
      assert.ok(await vscode.workspace.applyEdit(restore));
      await document.save();
    }
    await waitFor('the findings of the file as it was', () => {
      const ds = unblockDiagnostics(reports);
      return ds.length === 1 && ds[0].range.isEqual(before);
    });
  });

  it('analyses untitled documents in memory', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(2)\n    return {}\n',
    });
    await vscode.window.showTextDocument(document);
    const ds = await waitFor('diagnostics on the untitled document', () => {
      const found = unblockDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepStrictEqual(ds.map(codeOf), ['py/blocking-sleep']);
    assert.strictEqual(ds[0].range.start.line, 8);
  });

  it('clears diagnostics when the document closes', async () => {
    await openAndWait(app());
    await closeAll();
    await waitFor('diagnostics to clear', () => unblockDiagnostics(app()).length === 0);
  });
});

describe('examples/ (inline `expect:` markers)', () => {
  afterEach(closeAll);

  /** Files under examples/ whose lines carry `# expect: <rule>` or `// expect: <rule>`. */
  async function markedFiles(): Promise<vscode.Uri[]> {
    const files = await vscode.workspace.findFiles('examples/**/*.{py,js,ts}', '**/node_modules/**');
    const marked: vscode.Uri[] = [];
    for (const uri of files) {
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      if (/(#|\/\/) expect: /.test(text)) marked.push(uri);
    }
    return marked.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  function expected(document: vscode.TextDocument): string[] {
    const out: string[] = [];
    for (let i = 0; i < document.lineCount; i++) {
      const m = /(?:#|\/\/) expect: ([\w/, -]+)$/.exec(document.lineAt(i).text);
      if (m) for (const id of m[1].split(',').map((s) => s.trim()).filter(Boolean)) out.push(`${i + 1} ${id}`);
    }
    return out.sort();
  }

  it('shows exactly the marked findings in every marked example file', async () => {
    const files = await markedFiles();
    assert.ok(files.length > 0, 'no marked example files found');
    for (const uri of files) {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const want = expected(document);
      const actual = () => unblockDiagnostics(uri).map((d) => `${d.range.start.line + 1} ${codeOf(d)}`).sort();
      await waitFor(`${vscode.workspace.asRelativePath(uri)}: ${JSON.stringify(want)}`, () => {
        const got = actual();
        return got.length === want.length && got.every((g, i) => g === want[i]);
      }, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; got ${JSON.stringify(actual())}`);
      });
    }
  });
});
