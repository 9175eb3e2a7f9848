/**
 * Quick fixes for our diagnostics (every engine fix, so new fix kinds appear
 * without changes here; "ignore this line" is the engine's suppress fix;
 * "show documentation"), and `source.fixAll.unblock`. Edits are computed
 * lazily in codeAction/resolve when the client can resolve them.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { BatchVerdict } from '../core/fixes/checkBatch';
import type { WireEdit } from './engine/protocol';
import type { Analysed } from './session';
import type { DiagnosticData } from './diagnostics';
import { checkedSafeEdits, fixAllGroups } from './fixAll';
import { DIAGNOSTIC_SOURCE, OPEN_DOCS_COMMAND } from './names';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.unblock`;

/** What a lazily resolved action carries. */
export type ActionData =
  | { uri: string; version: number | undefined; finding: number; fix: number }
  | { uri: string; version: number | undefined; fixAll: true };

export interface ActionContext {
  /** The client resolves `edit` through codeAction/resolve. */
  lazy: boolean;
  /** The edits as a WorkspaceEdit for the text `analysed` was analysed in. */
  edit(edits: readonly WireEdit[], analysed: Analysed): WorkspaceEdit;
  check(groups: WireEdit[][]): Promise<BatchVerdict>;
}

/** Whether `only` asks for our fix-all (`source`, `source.fixAll` or `source.fixAll.unblock`). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return !!only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`));
}

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === '');
}

const sameRange = (a: Diagnostic['range'], b: Diagnostic['range']) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

const overlaps = (a: Diagnostic['range'], b: Diagnostic['range']) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) || b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

/** Index of the finding behind a client's diagnostic: its `data`, checked against rule and range, else rule and range alone. */
function findingIndex(result: Analysed, diagnostic: Diagnostic): number {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  const byData = typeof data?.finding === 'number' ? result.diagnostics[data.finding] : undefined;
  if (byData && byData.code === diagnostic.code && sameRange(byData.range, diagnostic.range)) return data!.finding!;
  return result.diagnostics.findIndex((d) => d.code === diagnostic.code && sameRange(d.range, diagnostic.range));
}

/** Indexes of the findings a request is about: its diagnostics of ours, else the findings in its range. */
function askedIndexes(params: CodeActionParams, result: Analysed): number[] {
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  return ours.length
    ? ours.map((d) => findingIndex(result, d)).filter((i) => i >= 0)
    : result.diagnostics.flatMap((d, i) => (overlaps(d.range, params.range) ? [i] : []));
}

/** The findings whose fixes a request needs: every one for fix-all, else those it is about (undefined: all). */
export function findingsNeedingFixes(params: CodeActionParams, result: Analysed): number[] | undefined {
  return wantsFixAll(params.context.only) ? undefined : wantsQuickFixes(params.context.only) ? askedIndexes(params, result) : [];
}

/** The findings a resolve needs fixes for: one fix's finding, or all for fix-all. */
export function findingsNeedingResolve(action: CodeAction): number[] | undefined {
  const data = action.data as ActionData | undefined;
  return data && 'finding' in data ? [data.finding] : undefined;
}

/**
 * The actions for a request. `current` says whether the analysed text is the
 * document's text now (edits are offered only then). Clients that send no
 * diagnostics in the context get the actions of the findings in the range.
 */
export async function codeActions(params: CodeActionParams, result: Analysed | undefined, current: boolean, context: ActionContext): Promise<CodeAction[]> {
  if (!result) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wantsFixAll(only) && current) {
    const data: ActionData = { uri: result.uri, version: result.version, fixAll: true };
    if (fixAllGroups(result.findings).length > 0) {
      const action: CodeAction = { title: 'Unblock: apply all safe fixes', kind: FIX_ALL_KIND, data };
      actions.push(context.lazy ? action : await resolveCodeAction(action, result, context));
    }
  }
  if (!wantsQuickFixes(only)) return actions.filter((a) => a.edit || context.lazy);
  for (const index of askedIndexes(params, result)) {
    const finding = result.findings[index];
    const diagnostic = result.diagnostics[index];
    if (current) {
      finding.fixes.forEach((fix, fixIndex) => {
        if (fix.unavailable || fix.edits.length === 0) return;
        const action: CodeAction = {
          title: fix.safe ? fix.title : `${fix.title} (review: changes behaviour)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true && fix.kind !== 'suppress',
          data: { uri: result.uri, version: result.version, finding: index, fix: fixIndex } satisfies ActionData,
        };
        if (!context.lazy) action.edit = context.edit(fix.edits, result);
        actions.push(action);
      });
    }
    const title = `Show documentation for ${finding.rule}`;
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: OPEN_DOCS_COMMAND, arguments: [finding.rule] } });
  }
  return actions;
}

/** codeAction/resolve: the edit of a fix, or of fix-all after the whole-project check; unchanged when the document moved on. */
export async function resolveCodeAction(action: CodeAction, result: Analysed | undefined, context: ActionContext): Promise<CodeAction> {
  const data = action.data as ActionData | undefined;
  if (!data || !result || result.version !== data.version) return action;
  if ('fixAll' in data) {
    const { edits } = await checkedSafeEdits(result.findings, context.check);
    return { ...action, edit: context.edit(edits, result) };
  }
  const fix = result.findings[data.finding]?.fixes[data.fix];
  return fix ? { ...action, edit: context.edit(fix.edits, result) } : action;
}
