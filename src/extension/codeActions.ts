import * as vscode from 'vscode';
import type { BatchVerdict } from '../core/fixes/checkBatch';
import { uniqueEdits } from '../core/fixes/edits';
import type { Analysed } from './analysis';
import { ruleOf } from './diagnostics';
import type { WireEdit, WireFinding, WireFix } from '../server/engine/protocol';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('unblock');
export const SHOW_DOCS_COMMAND = 'unblock.showRuleDocs';

/**
 * Turns an engine fix into one WorkspaceEdit (several files when the fix spans them).
 * `metadata` (e.g. needsConfirmation) makes VS Code show its refactor preview first.
 */
export function toWorkspaceEdit(
  edits: readonly WireEdit[],
  uriFor: (file: string) => vscode.Uri,
  metadata?: vscode.WorkspaceEditEntryMetadata,
): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const created = new Set<string>();
  for (const e of edits) {
    if (e.create && !created.has(e.file)) {
      created.add(e.file);
      edit.createFile(uriFor(e.file), { ignoreIfExists: true }, metadata);
    }
    const range = new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character);
    edit.replace(uriFor(e.file), range, e.newText, metadata);
  }
  return edit;
}

/** The finding behind one of our diagnostics: same rule, same range. */
function findingFor(result: Analysed, diagnostic: vscode.Diagnostic): WireFinding | undefined {
  const rule = ruleOf(diagnostic);
  const index = result.diagnostics.findIndex((d) => ruleOf(d) === rule && d.range.isEqual(diagnostic.range));
  return index >= 0 ? result.findings[index] : undefined;
}

const editKey = (e: WireEdit) => `${e.file}\0${e.span.start}\0${e.span.end}\0${e.newText}`;

/** The edits of every safe preferred fix, one group per fix, leaving out fixes that overlap an earlier one. */
export function fixAllGroups(findings: readonly WireFinding[]): WireEdit[][] {
  const chosen: WireEdit[] = [];
  const seen = new Set<string>();
  const groups: WireEdit[][] = [];
  const fixes = findings
    .map((f) => f.fixes.find((x) => x.preferred && x.safe && !x.unavailable && x.kind !== 'suppress' && x.edits.length > 0))
    .filter((x): x is WireFix => x !== undefined);
  for (const fix of fixes) {
    const fresh = fix.edits.filter((e) => !seen.has(editKey(e)));
    const overlaps = fresh.some((e) => chosen.some((c) => c.file === e.file && e.span.start < c.span.end && c.span.start < e.span.end));
    // Two fixes touching the same text: keep the first, the next run of fix-all takes the other.
    if (overlaps) continue;
    for (const e of fresh) {
      seen.add(editKey(e));
      chosen.push(e);
    }
    groups.push(fix.edits);
  }
  return groups;
}

/** The edits of the groups the project check kept, each edit once (two fixes may add the same import). */
export function keptEdits(groups: readonly WireEdit[][], kept: readonly number[]): WireEdit[] {
  return uniqueEdits(kept.flatMap((index) => groups[index]));
}

/** Checks a batch in the worker (the `--fix` project check): what may be applied, and why the rest may not. */
export type FixBatchCheck = (groups: WireEdit[][]) => Promise<BatchVerdict>;

/**
 * Quick fixes for our diagnostics: every fix the engine offers (so new fix
 * kinds appear without changes here), "ignore this line" (the engine's
 * suppress fix), and "show rule documentation"; plus `source.fixAll.unblock`.
 */
export class UnblockCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly resultFor: (uri: vscode.Uri) => Analysed | undefined,
    private readonly uriFor: (document: vscode.TextDocument) => (file: string) => vscode.Uri,
    private readonly check: FixBatchCheck,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] | Promise<vscode.CodeAction[]> {
    const result = this.resultFor(document.uri);
    if (!result) return [];
    // Spans belong to the analysed text; offer edits only while it is the document's text.
    const current = result.version === undefined || result.version === document.version;
    const uriFor = this.uriFor(document);
    if (context.only && (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND))) {
      return current ? this.fixAll(result, uriFor) : [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      if (!rule) continue;
      const finding = findingFor(result, diagnostic);
      if (finding && current) {
        for (const fix of finding.fixes) {
          if (fix.unavailable || fix.edits.length === 0) continue;
          const action = new vscode.CodeAction(fix.safe ? fix.title : `${fix.title} (review: changes behaviour)`, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(fix.edits, uriFor);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true && fix.kind !== 'suppress';
          actions.push(action);
        }
      }
      const docs = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: SHOW_DOCS_COMMAND, arguments: [rule] };
      docs.diagnostics = [diagnostic];
      actions.push(docs);
    }
    return actions;
  }

  /** `source.fixAll.unblock` (also on save): the file's safe preferred fixes that pass the whole-project check. */
  private async fixAll(result: Analysed, uriFor: (file: string) => vscode.Uri): Promise<vscode.CodeAction[]> {
    const groups = fixAllGroups(result.findings);
    if (groups.length === 0) return [];
    const edits = keptEdits(groups, (await this.check(groups)).kept);
    if (edits.length === 0) return [];
    const action = new vscode.CodeAction('Unblock: apply all safe fixes', FIX_ALL_KIND);
    action.edit = toWorkspaceEdit(edits, uriFor);
    return [action];
  }
}
