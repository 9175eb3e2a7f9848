/** A code lens above each request handler: route, context and how many blocking calls it reaches. */
import type { CodeLens } from 'vscode-languageserver';
import type { HandlerLens } from './engine/handlerCounts';
import { SHOW_HANDLER_COMMAND } from './names';


export function lensTitle(lens: HandlerLens): string {
  const h = lens.handler;
  const methods = h.methods?.length ? `${h.methods.join(',')} ` : '';
  const route = h.route ? `${methods}${h.route}` : `${h.framework} handler`;
  const calls = lens.blocking === 0 ? 'no blocking calls' : `${lens.blocking} blocking call${lens.blocking === 1 ? '' : 's'}`;
  return `${route} · ${h.context} · ${calls}`;
}

export function handlerCodeLenses(lenses: readonly HandlerLens[], file: string, lineCount: number): CodeLens[] {
  return lenses
    .filter((l) => l.handler.file === file)
    .map((l) => {
      const line = Math.max(0, Math.min(lineCount - 1, l.handler.line - 1));
      const title = lensTitle(l);
      return {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        // Runs a one-line summary of the handler's findings (the VS Code client opens Problems instead).
        command: { title, command: SHOW_HANDLER_COMMAND, arguments: [`${l.handler.name}: ${l.handler.kind} ${l.handler.framework} handler, ${title}`] },
      };
    });
}
