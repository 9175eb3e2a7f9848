import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, codeOf, lineOf, openAndWait, unblockDiagnostics, waitFor, workspaceUri } from './helpers';

/** The actions with their edits resolved, as the editor resolves the one a user picks (the server resolves edits lazily). */
async function actionsFor(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 100)) ?? [];
}

/**
 * The quick fixes once they include `rule`'s: the renderer fills the request's
 * diagnostics from its marker copy, which can trail the extension host's by a moment.
 */
async function quickFixesFor(uri: vscode.Uri, range: vscode.Range, rule: string): Promise<vscode.CodeAction[]> {
  let last: vscode.CodeAction[] = [];
  try {
    return await waitFor(`the quick fixes of ${rule}`, async () => {
      last = await actionsFor(uri, range);
      return last.some((a) => a.title.includes(rule)) && last;
    }, 10_000);
  } catch {
    return last;
  }
}

describe('code actions', () => {
  const app = () => workspaceUri('service', 'app.py');
  let original: Uint8Array;
  before(async () => {
    original = await vscode.workspace.fs.readFile(app());
  });
  afterEach(async () => {
    // An edit with a file operation (a new requirements.txt) can be saved by
    // `files.refactoring.autoSave`: put the file back on disk, not only in the editor.
    const onDisk = await vscode.workspace.fs.readFile(app());
    if (Buffer.compare(Buffer.from(onDisk), Buffer.from(original)) !== 0) await vscode.workspace.fs.writeFile(app(), original);
    // `revert` acts on the active editor: make it app.py's, or its edit outlives the test in the open document.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === app().toString());
    if (open?.isDirty) await vscode.window.showTextDocument(open);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // A document saved (so not dirty) while its file was put back above keeps the edited text
    // until a file event reloads it: give it the original text and save, whatever its state.
    const text = Buffer.from(original).toString('utf8');
    const still = vscode.workspace.textDocuments.find((d) => d.uri.toString() === app().toString());
    if (still && still.getText() !== text) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(still.uri, new vscode.Range(0, 0, still.lineCount, 0), text);
      await vscode.workspace.applyEdit(restore);
      await still.save();
    }
    await closeAll();
  });

  it('offers the engine fixes, ignore-line and docs; the preferred fix rewrites the call', async () => {
    const { document, diagnostics } = await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/blocking-sleep'));
    const sleep = diagnostics.find((d) => codeOf(d) === 'py/blocking-sleep')!;
    // executeCodeActionProvider does not return `diagnostics`: the range holds only this finding.
    const actions = await quickFixesFor(app(), sleep.range, 'py/blocking-sleep');
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /ignore/i.test(t) && t.includes('py/blocking-sleep')), `no ignore action in ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Show documentation for py/blocking-sleep'), JSON.stringify(titles));
    const preferred = actions.filter((a) => a.isPreferred);
    assert.strictEqual(preferred.length, 1, `preferred: ${JSON.stringify(preferred.map((a) => a.title))}`);
    assert.ok(preferred[0].edit);

    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!));
    const text = document.getText();
    assert.match(text, /^import asyncio$/m);
    assert.match(text, /^ {4}await asyncio\.sleep\(1\)$/m);
    assert.doesNotMatch(text, /time\.sleep\(1\)/);
    await waitFor('py/blocking-sleep to go away after the fix', () => !unblockDiagnostics(app()).some((d) => codeOf(d) === 'py/blocking-sleep'));
  });

  it('"ignore this line" adds an unblock: ignore comment that silences the finding', async () => {
    const { document, diagnostics } = await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/blocking-http'));
    const http = diagnostics.find((d) => codeOf(d) === 'py/blocking-http')!;
    const actions = await quickFixesFor(app(), http.range, 'py/blocking-http');
    const ignore = actions.find((a) => /ignore/i.test(a.title) && a.title.includes('py/blocking-http'));
    assert.ok(ignore?.edit, `no ignore action with an edit in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    const line = document.lineAt(lineOf(document, 'requests.get(') - 1).text;
    assert.match(line, /# unblock: ignore\[py\/blocking-http\]$/);
    await waitFor('py/blocking-http to be silenced', () => !unblockDiagnostics(app()).some((d) => codeOf(d) === 'py/blocking-http'));
  });

  it('source.fixAll.unblock applies every safe preferred fix of the file', async () => {
    const { document } = await openAndWait(app(), (ds) => ds.length >= 3);
    const all = await actionsFor(app(), new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.unblock');
    assert.strictEqual(all.length, 1, JSON.stringify(all.map((a) => a.title)));
    // A fix may also touch other files (a requirement line in a new requirements.txt): remove what it created.
    const touched = all[0].edit!.entries().map(([uri]) => uri).filter((u) => u.toString() !== document.uri.toString());
    const existed = await Promise.all(touched.map((u) => vscode.workspace.fs.stat(u).then(() => true, () => false)));
    try {
      assert.ok(await vscode.workspace.applyEdit(all[0].edit!), 'applyEdit refused the fix-all edit');
    } finally {
      for (const [i, uri] of touched.entries()) {
        const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (opened?.isDirty) await opened.save();
        if (!existed[i]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      }
    }
    const text = document.getText();
    assert.match(text, /await asyncio\.sleep\(1\)/);
    assert.doesNotMatch(text, /time\.sleep\(1\)/);
    await waitFor('only findings without a safe preferred fix to remain', () => {
      const codes = unblockDiagnostics(app()).map(codeOf);
      return !codes.includes('py/blocking-sleep');
    });
  });
});
