import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, codeOf, lineOf, openAndWait, setSetting, unblockDiagnostics, waitFor, workspaceUri } from './helpers';

describe('settings, hover, code lens and commands', () => {
  const app = () => workspaceUri('service', 'app.py');
  afterEach(async () => {
    for (const key of ['severity', 'codeLens.enabled', 'enable.python', 'disable', 'ignore']) await setSetting(key, undefined);
    await closeAll();
  });

  it('unblock.severity changes the severity of existing diagnostics', async () => {
    await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/blocking-sleep'));
    const severityOf = () => unblockDiagnostics(app()).find((d) => codeOf(d) === 'py/blocking-sleep')?.severity;
    assert.strictEqual(severityOf(), vscode.DiagnosticSeverity.Error);
    await setSetting('severity', { 'event-loop': { sleep: 'info' } });
    await waitFor('py/blocking-sleep to become information', () => severityOf() === vscode.DiagnosticSeverity.Information);
    await setSetting('severity', undefined);
    await waitFor('py/blocking-sleep to be an error again', () => severityOf() === vscode.DiagnosticSeverity.Error);
  });

  it('unblock.enable.python=false removes Python diagnostics', async () => {
    await openAndWait(app());
    await setSetting('enable.python', false);
    await waitFor('Python diagnostics to disappear', () => unblockDiagnostics(app()).length === 0);
    await setSetting('enable.python', undefined);
    await waitFor('Python diagnostics to return', () => unblockDiagnostics(app()).length > 0);
  });

  it('unblock.disable turns a rule off', async () => {
    await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/blocking-http'));
    await setSetting('disable', ['py/blocking-http']);
    await waitFor('py/blocking-http to disappear', () => {
      const codes = unblockDiagnostics(app()).map(codeOf);
      return codes.length > 0 && !codes.includes('py/blocking-http');
    });
  });

  it('unblock.ignore leaves matching files out, so the chain through them disappears', async () => {
    await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/via-call'));
    await setSetting('ignore', ['service/helpers.py']);
    await waitFor('py/via-call to disappear', () => {
      const codes = unblockDiagnostics(app()).map(codeOf);
      return codes.length > 0 && !codes.includes('py/via-call');
    });
  });

  it('the status bar counts the findings of the active file', async () => {
    await openAndWait(app(), (ds) => ds.length >= 3);
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { statusText(): string };
    const errors = unblockDiagnostics(app()).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    await waitFor(`status "${errors} errors"`, () => api.statusText().startsWith(`$(warning) Unblock: ${errors} $(error)`));
  });

  it('hover shows rule, context and the replacement as code', async () => {
    const { document } = await openAndWait(app(), (ds) => ds.some((d) => codeOf(d) === 'py/blocking-sleep'));
    const line = lineOf(document, 'time.sleep(1)') - 1;
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('sleep') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /py\/blocking-sleep/);
    assert.match(text, /event-loop/);
    assert.match(text, /```python\n[^`]*await asyncio\.sleep\(1\)/);
  });

  it('code lens shows route and blocking-call count per handler; the setting hides it', async () => {
    const { document } = await openAndWait(app(), (ds) => ds.length >= 3);
    const lenses = async () =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? []).filter((l) =>
        l.command?.title.includes('·'),
      );
    const found = await waitFor('handler code lenses', async () => {
      const ls = await lenses();
      return ls.length >= 4 ? ls : undefined;
    });
    const sleep = found.find((l) => l.command!.title.startsWith('GET /sleep'));
    assert.ok(sleep, JSON.stringify(found.map((l) => l.command!.title)));
    assert.strictEqual(sleep.range.start.line, lineOf(document, 'async def slow') - 1);
    assert.match(sleep.command!.title, /1 blocking call$/);
    const health = found.find((l) => l.command!.title.startsWith('GET /health'));
    assert.match(health!.command!.title, /no blocking calls$/);
    await setSetting('codeLens.enabled', false);
    await waitFor('code lenses to go', async () => (await lenses()).length === 0);
  });

  it('unblock.scanWorkspace publishes findings of files that are not open', async () => {
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number; handlers: number; cancelled: boolean }>(
      'unblock.scanWorkspace',
    );
    assert.ok(summary && !summary.cancelled);
    assert.ok(summary.files >= 3 && summary.findings > 0 && summary.handlers > 0, JSON.stringify(summary));
    const helpers = workspaceUri('service', 'helpers.py');
    await waitFor('helpers.py diagnostics without opening it', () => unblockDiagnostics(helpers).some((d) => codeOf(d) === 'py/blocking-sleep'));
  });

  it('unblock.showRuleDocs opens the rule page', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('unblock.showRuleDocs', 'py/blocking-sleep');
    assert.ok(uri, 'no document opened');
    assert.match(uri.path, /docs\/rules\/py\/blocking-sleep\.md$/);
  });
});
