import * as vscode from 'vscode';
import type { RuleDefinition } from '../core/rules/types';
import { CONTEXT_EXPLANATION } from '../core/severity';
import { hopLabel } from '../core/report/common';
import type { Analysed } from './analysis';
import { toRange } from './diagnostics';
import type { WireFinding } from '../server/engine/protocol';

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

function fence(document: vscode.TextDocument): string {
  return document.languageId === 'python' ? 'python' : document.languageId.replace('react', '');
}

/** Markdown for one finding: rule, context, chain and the suggested replacement. */
export function hoverMarkdown(finding: WireFinding, rule: RuleDefinition | undefined, document: vscode.TextDocument): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Unblock** \`${finding.rule}\`${rule ? ` — ${rule.title}` : ''}\n\n`);
  md.appendMarkdown(`\`${finding.call}\` runs in context **${finding.context}**: it ${CONTEXT_EXPLANATION[finding.context]}.\n\n`);
  if (finding.chain.length > 1) {
    const hops = finding.chain.map((h) => `\`${hopLabel(h)}\` (${vscode.workspace.asRelativePath(h.file)}:${h.line})`);
    md.appendMarkdown(`Reached from the handler: ${hops.join(' → ')}\n\n`);
  }
  const replacement = rule && replacementFor(rule, finding.call);
  if (replacement?.template) {
    const args = callArguments(document.getText(toRange(finding.range)));
    md.appendMarkdown(`Use instead (${replacement.description}):\n`);
    md.appendCodeblock(replacement.template.replace(/\{args\}/g, args), fence(document));
  } else if (replacement) {
    md.appendMarkdown(`Use instead: ${replacement.description}\n`);
  }
  return md;
}

export class UnblockHover implements vscode.HoverProvider {
  constructor(
    private readonly resultFor: (uri: vscode.Uri) => Analysed | undefined,
    private readonly ruleFor: (id: string) => Promise<RuleDefinition | undefined>,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const result = this.resultFor(document.uri);
    if (!result || (result.version !== undefined && result.version !== document.version)) return undefined;
    const hits = result.findings.filter((f) => toRange(f.range).contains(position));
    if (hits.length === 0) return undefined;
    const parts = await Promise.all(hits.map(async (f) => hoverMarkdown(f, await this.ruleFor(f.rule), document)));
    return new vscode.Hover(parts, toRange(hits[0].range));
  }
}
