import * as vscode from 'vscode';
import type { Analyzer } from './analysis';

/** "Unblock: 2 errors, 1 warning" for the active file; hidden for files we do not analyse. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unblock.status', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly analyzer: Analyzer) {
    this.item.name = 'Unblock';
    this.item.command = 'workbench.actions.view.problems';
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const result = editor && this.analyzer.resultFor(editor.document.uri);
    if (!result) {
      this.item.hide();
      return;
    }
    const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
    const [errors, warnings, infos] = [count('error'), count('warning'), count('info')];
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
