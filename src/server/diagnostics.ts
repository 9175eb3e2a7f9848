/** Finding → LSP Diagnostic: the one mapping every client shows. */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Severity } from '../core/model';
import { CONTEXT_EXPLANATION } from '../core/severity';
import { hopLabel, ruleDocsUrl } from '../core/report/common';
import type { WireFinding } from './engine/protocol';
import { DIAGNOSTIC_SOURCE } from './names';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Engine ranges are 1-based with an exclusive end; LSP's are 0-based. */
export function toRange(r: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

/** What to do about it: the preferred fix's title, else the first available one; a hint when fixes were not computed. */
function advice(finding: WireFinding): string | undefined {
  if (finding.fixesPending) return finding.fixesPending.likely ? 'Quick fix available.' : undefined;
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

/** Which finding of its document a diagnostic is: carried in `data`, so code actions find it again. */
export interface DiagnosticData {
  finding: number;
}

/**
 * `uriOf` names a chain hop's file as the client knows it (an open
 * document keeps the URI the client sent). Each hop is related information.
 */
export function toDiagnostic(finding: WireFinding, index: number, uriOf: (file: string) => string): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.chain.map((hop, i) => {
    const role = i === 0 && finding.handler ? `handler ${hop.name}` : i === finding.chain.length - 1 ? `blocking call ${hop.name}` : `calls ${hopLabel(hop)}`;
    const position = { line: hop.line - 1, character: Math.max(0, hop.column - 1) };
    return { location: { uri: uriOf(hop.file), range: { start: position, end: position } }, message: `${i + 1}. ${role}` };
  });
  return {
    range: toRange(finding.range),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    message: diagnosticMessage(finding),
    relatedInformation,
    data: { finding: index } satisfies DiagnosticData,
  };
}
