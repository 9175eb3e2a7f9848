import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { CallTarget } from '../../model';
import { propertyName } from '../ast';
import type { Value } from '../values';
import { mayBacktrackExponentially, REGEX_METHODS, STRING_REGEX_METHODS } from './redos';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Ids of the catalog rules behind each structural matcher; a missing id turns that check off. */
export interface RuleIds {
  json?: string;
  redos?: string;
  busyWait?: string;
  unknownSync?: string;
}

export interface CallPatternContext {
  ruleIds: RuleIds;
  valueOf(node: Node | undefined): Value | undefined;
  /** Whether some catalog rule matches this resolved name. */
  hasRule(name: string): boolean;
  report(ruleId: string, node: Node, text: string, regex?: { pattern: string; flags: string }): void;
}

const SYNC_NAME = /^[A-Za-z_$][\w$]*Sync$/;

/**
 * Patterns at one call that need resolved values: JSON of whole request
 * bodies or file contents, catastrophic regexes on input, and `*Sync` calls
 * nothing else explains. Returns the tags to put on the call site.
 */
export function callPatterns(node: Call, callee: Node, target: CallTarget, awaited: boolean, ctx: CallPatternContext): string[] {
  const tags: string[] = [];
  const name = target.kind === 'external' ? target.name : undefined;
  if ((name === 'JSON.parse' || name === 'JSON.stringify') && node.arguments[0]) {
    const arg = ctx.valueOf(node.arguments[0]);
    // Serializing what a helper's `body` parameter holds is usually an outgoing API body, not the request's.
    const guessed = name === 'JSON.stringify' && arg?.kind === 'input' && arg.byName;
    if ((arg?.kind === 'input' && !guessed) || arg?.kind === 'file-content') {
      tags.push(arg.kind === 'input' ? 'request-input' : 'file-content');
      if (ctx.ruleIds.json) ctx.report(ctx.ruleIds.json, node, name);
    }
  }
  if (ctx.ruleIds.redos && callee.type === 'MemberExpression') checkRegex(node, callee, ctx.ruleIds.redos, ctx);
  if (ctx.ruleIds.unknownSync && !awaited) {
    // A call on what a project function returns (`value`) is explained only if the index resolves it (summaries.ts).
    const guessed = target.kind === 'unknown' || target.kind === 'value';
    const text = guessed ? target.name : name;
    const last = text?.split('.').pop() ?? '';
    const unexplained = guessed || (target.kind === 'external' && !ctx.hasRule(target.name));
    // `this.xSync()` is the project's own method (inherited or mixed in), not a library call.
    const ownMethod = text?.startsWith('this.') ?? false;
    if (text && unexplained && !ownMethod && SYNC_NAME.test(last)) ctx.report(ctx.ruleIds.unknownSync, callee, text);
  }
  return tags;
}

/** `re.test(s)` / `s.match(re)` on input or a parameter, with a regex that may backtrack exponentially: recheck decides once a handler reaches it. */
function checkRegex(node: Call, callee: TSESTree.MemberExpression, ruleId: string, ctx: CallPatternContext): void {
  const method = propertyName(callee);
  if (method === undefined) return;
  let regex: Value | undefined;
  let subject: Node | undefined;
  if (REGEX_METHODS.has(method)) {
    regex = ctx.valueOf(callee.object);
    subject = node.arguments[0];
  } else if (STRING_REGEX_METHODS.has(method)) {
    regex = ctx.valueOf(node.arguments[0]);
    subject = callee.object;
  }
  if (regex?.kind !== 'regex' || !subject) return;
  const input = ctx.valueOf(subject);
  if (input?.kind !== 'input' && input?.kind !== 'param') return;
  if (!mayBacktrackExponentially(regex.pattern)) return;
  const shown = regex.pattern.length > 60 ? `${regex.pattern.slice(0, 57)}...` : regex.pattern;
  ctx.report(ruleId, node, `/${shown}/${regex.flags}`, { pattern: regex.pattern, flags: regex.flags });
}
