import * as vscode from 'vscode';
import type { HandlerLens } from '../server/engine/handlerCounts';
import { codeLensEnabled } from './settings';

/** The words above a handler: route, context and how many blocking calls it reaches. */
export function lensTitle(lens: HandlerLens): string {
  const h = lens.handler;
  const methods = h.methods?.length ? `${h.methods.join(',')} ` : '';
  const route = h.route ? `${methods}${h.route}` : `${h.framework} handler`;
  const calls = lens.blocking === 0 ? 'no blocking calls' : `${lens.blocking} blocking call${lens.blocking === 1 ? '' : 's'}`;
  return `${route} · ${h.context} · ${calls}`;
}

/** Code lens above each handler; `unblock.codeLens.enabled` turns it off. */
export class HandlerCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly handlers: () => Promise<HandlerLens[]>) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled() || document.uri.scheme !== 'file') return [];
    const lenses = await this.handlers().catch(() => [] as HandlerLens[]);
    return lenses
      .filter((l) => l.handler.file === document.uri.fsPath)
      .map((l) => {
        const line = Math.max(0, Math.min(document.lineCount - 1, l.handler.line - 1));
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: lensTitle(l),
          command: 'workbench.actions.view.problems',
          tooltip: `${l.handler.name}: ${l.handler.kind} ${l.handler.framework} handler`,
        });
      });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
