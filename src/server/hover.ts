/** Hover on a finding: rule, context, chain and the suggested replacement, as Markdown. */
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleDefinition } from '../core/rules/types';
import { CONTEXT_EXPLANATION } from '../core/severity';
import { hopLabel, relativePath } from '../core/report/common';
import type { WireFinding } from './engine/protocol';
import { toRange } from './diagnostics';
import { languageOf } from './documents';

/** The text between the call's outer parentheses: `{args}` in a replacement template. */
export function callArguments(callText: string): string {
  const open = callText.indexOf('(');
  const close = callText.lastIndexOf(')');
  return open >= 0 && close > open ? callText.slice(open + 1, close) : '';
}

/** The replacement covering this call (by name), else the first one with a template. */
export function replacementFor(rule: RuleDefinition, call: string): RuleDefinition['replacements'][number] | undefined {
  const withTemplate = rule.replacements.filter((r) => r.template);
  return withTemplate.find((r) => r.calls.includes(call)) ?? withTemplate[0] ?? rule.replacements[0];
}

function fence(document: TextDocument): string {
  if (languageOf(document.uri, document.languageId) === 'python') return 'python';
  return /^typescript|\.m?tsx?$/.test(document.languageId) || /\.[mc]?tsx?$/.test(document.uri) ? 'typescript' : 'javascript';
}

function contains(range: ReturnType<typeof toRange>, p: Position): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}

/** Markdown for one finding. `root` makes the chain's paths short. */
export function hoverMarkdown(finding: WireFinding, rule: RuleDefinition | undefined, document: TextDocument, root: string | undefined): string {
  const parts = [`**Unblock** \`${finding.rule}\`${rule ? ` — ${rule.title}` : ''}`];
  parts.push(`\`${finding.call}\` runs in context **${finding.context}**: it ${CONTEXT_EXPLANATION[finding.context]}.`);
  if (finding.chain.length > 1) {
    const where = (file: string) => (root ? relativePath(root, file) : file);
    const hops = finding.chain.map((h) => `\`${hopLabel(h)}\` (${where(h.file)}:${h.line})`);
    parts.push(`Reached from the handler: ${hops.join(' → ')}`);
  }
  const replacement = rule && replacementFor(rule, finding.call);
  if (replacement?.template) {
    const args = callArguments(document.getText(toRange(finding.range)));
    parts.push(`Use instead (${replacement.description}):\n\`\`\`${fence(document)}\n${replacement.template.replace(/\{args\}/g, args)}\n\`\`\``);
  } else if (replacement) {
    parts.push(`Use instead: ${replacement.description}`);
  }
  return parts.join('\n\n');
}

/** The hover of the findings under `position`, or null. */
export async function hoverAt(
  findings: readonly WireFinding[],
  position: Position,
  document: TextDocument,
  ruleFor: (id: string) => Promise<RuleDefinition | undefined>,
  root: string | undefined,
): Promise<Hover | null> {
  const hits = findings.filter((f) => contains(toRange(f.range), position));
  if (hits.length === 0) return null;
  const parts = await Promise.all(hits.map(async (f) => hoverMarkdown(f, await ruleFor(f.rule), document, root)));
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: toRange(hits[0].range) };
}
