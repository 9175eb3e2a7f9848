import * as vscode from 'vscode';
import { unblockDiagnostics } from './published';

/** "Unblock: 2 errors, 1 warning" for the active file; hidden for files we do not analyse. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unblock.status', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly analysed: (uri: vscode.Uri) => boolean) {
    this.item.name = 'Unblock';
    this.item.command = 'workbench.actions.view.problems';
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.analysed(editor.document.uri)) {
      this.item.hide();
      return;
    }
    const diagnostics = unblockDiagnostics(editor.document.uri);
    const count = (s: vscode.DiagnosticSeverity) => diagnostics.filter((d) => d.severity === s).length;
    const [errors, warnings, infos] = [count(vscode.DiagnosticSeverity.Error), count(vscode.DiagnosticSeverity.Warning), count(vscode.DiagnosticSeverity.Information)];
    this.item.text = errors + warnings + infos === 0 ? '$(check) Unblock' : `$(warning) Unblock: ${errors} $(error) ${warnings} $(warning) ${infos} $(info)`;
    this.item.tooltip = `Blocking calls in this file: ${errors} errors, ${warnings} warnings, ${infos} infos`;
    this.item.show();
  }

  /** Text shown now, for tests and the output channel. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
