import * as vscode from 'vscode';
import type { Severity } from '../core/model';
import { CONTEXT_EXPLANATION } from '../core/severity';
import { hopLabel } from '../core/report/common';
import type { WireFinding } from '../server/engine/protocol';

export const DIAGNOSTIC_SOURCE = 'Unblock';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Engine ranges are 1-based with an exclusive end; vscode's are 0-based. */
export function toRange(r: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, r.endColumn - 1);
}

/** What to do about it: the preferred fix's title, else the first available one. */
function advice(finding: WireFinding): string | undefined {
  const usable = finding.fixes.filter((f) => !f.unavailable && f.kind !== 'suppress');
  const fix = usable.find((f) => f.preferred) ?? usable[0];
  return fix ? `Quick fix: ${fix.title}.` : undefined;
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The diagnostic message: what is wrong, why it hurts here, and what to do. */
export function diagnosticMessage(finding: WireFinding): string {
  const why = CONTEXT_EXPLANATION[finding.context];
  const parts = [sentence(finding.message)];
  if (why && !finding.message.includes(why)) parts.push(sentence(`Here it ${why}`));
  const todo = advice(finding);
  if (todo) parts.push(todo);
  return parts.join(' ');
}

/**
 * Finding → Diagnostic, the one mapping the editor uses. `docs` builds the
 * rule's documentation address; each chain hop becomes related information.
 */
export function toDiagnostic(finding: WireFinding, docs: (ruleId: string) => vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), diagnosticMessage(finding), SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.rule, target: docs(finding.rule) };
  diagnostic.relatedInformation = finding.chain.map((hop, index) => {
    const location = new vscode.Location(vscode.Uri.file(hop.file), new vscode.Position(hop.line - 1, Math.max(0, hop.column - 1)));
    const role = index === 0 && finding.handler ? `handler ${hop.name}` : index === finding.chain.length - 1 ? `blocking call ${hop.name}` : `calls ${hopLabel(hop)}`;
    return new vscode.DiagnosticRelatedInformation(location, `${index + 1}. ${role}`);
  });
  return diagnostic;
}

/** Our diagnostics and the rule id each carries. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}
