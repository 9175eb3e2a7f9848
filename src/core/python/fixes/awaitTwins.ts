import type { Node } from 'web-tree-sitter';
import { freshName, indentAt } from '../../fixes/style';
import { requirementChange } from './requirements';
import type { Outcome, PySite, Rewrite } from './site';
import { argumentsText, awaitExpr, enclosingStatement, keywordNames } from './syntax';

/**
 * Async equivalents awaited in place: `time.sleep` → `asyncio.sleep`,
 * `requests.*` → `httpx.AsyncClient`, `subprocess.run([...])` →
 * `asyncio.create_subprocess_exec`, else the rule's own template. Assumes the
 * call sits (or will sit, after make-async) inside an `async def`.
 */
export function awaitTwin(site: PySite): Outcome | undefined {
  const name = site.finding.call;
  if (name === 'time.sleep') return sleepTwin(site);
  const http = /^requests\.(?:api\.)?(get|post|put|patch|delete|head|options|request)$/.exec(name);
  if (http) return httpxTwin(site, http[1]);
  const proc = /^subprocess\.(run|check_output|call|check_call)$/.exec(name);
  if (proc) return subprocessTwin(site, proc[1]);
  return templateTwin(site);
}

function sleepTwin(site: PySite): Outcome {
  const args = argumentsText(site.call);
  if (args === undefined) return { unavailable: 'the call has no plain argument list' };
  return rewrite([{ span: span(site.call), newText: awaitExpr(site.call, `await asyncio.sleep(${args})`) }], ['import asyncio']);
}

/** Keywords whose httpx counterpart lives on the client, not the request. */
const CLIENT_LEVEL = new Set(['verify', 'cert', 'proxies', 'stream', 'hooks']);
/** Response members requests has and httpx lacks. */
const REQUESTS_ONLY = new Set(['ok', 'iter_content', 'raw', 'apparent_encoding', 'is_permanent_redirect']);

function httpxTwin(site: PySite, method: string): Outcome {
  const args = argumentsText(site.call);
  if (args === undefined) return { unavailable: 'the call has no plain argument list' };
  const keywords = keywordNames(site.call);
  const clientLevel = keywords.find((k) => CLIENT_LEVEL.has(k));
  if (clientLevel) return { unavailable: `\`${clientLevel}=\` is a client setting in httpx; rewrite by hand or offload` };
  const statement = enclosingStatement(site.call);
  if (!statement || !['expression_statement', 'return_statement'].includes(statement.type)) {
    return { unavailable: 'the request is not in a simple statement that can be wrapped in `async with`' };
  }
  if (/("""|''')/.test(statement.text) && statement.text.includes('\n')) {
    return { unavailable: 'the statement holds a multi-line string that re-indenting would change' };
  }
  const scope = site.fn?.text ?? site.text;
  const client = freshName('client', scope);
  const renamedArgs = args.replace(/\ballow_redirects\s*=/, 'follow_redirects=');
  const call = awaitExpr(site.call, `await ${client}.${method}(${renamedArgs})`);
  const indent = indentAt(site.text, statement.startIndex);
  const unit = site.style.indent;
  const eol = site.style.eol;
  const before = site.text.slice(statement.startIndex, site.call.startIndex);
  const after = site.text.slice(site.call.endIndex, statement.endIndex);
  // Continuation lines of the statement move one level deeper with it.
  const body = `${before}${call}${after}`.replace(/\n/g, `\n${unit}`);
  const newText = `async with httpx.AsyncClient(follow_redirects=True) as ${client}:${eol}${indent}${unit}${body}`;
  const notes: string[] = [];
  let safe = true;
  const target = assignedName(statement, site.call);
  if (target) {
    const used = new RegExp(`\\b${target}\\.(\\w+)`, 'g');
    for (const m of scope.matchAll(used)) {
      if (REQUESTS_ONLY.has(m[1])) {
        safe = false;
        notes.push(`\`${target}.${m[1]}\` does not exist on httpx responses`);
      }
    }
  }
  if (/except\s*\(?[^:\n]*\brequests\./.test(scope)) {
    safe = false;
    notes.push('the function catches requests exceptions; httpx raises httpx.HTTPError instead');
  }
  const requirement = requirementChange(site.file, 'httpx');
  if (requirement.note) {
    // Without httpx installed the rewritten module fails at import.
    safe = false;
    notes.push(`needs httpx: ${requirement.note}`);
  }
  return {
    edits: [{ span: { start: statement.startIndex, end: statement.endIndex }, newText }],
    imports: ['import httpx'],
    external: requirement.edits,
    safe,
    notes,
  };
}

function assignedName(statement: Node, call: Node): string | undefined {
  const inner = statement.type === 'expression_statement' ? statement.firstNamedChild : undefined;
  if (inner?.type !== 'assignment') return undefined;
  const left = inner.childForFieldName('left');
  const right = inner.childForFieldName('right');
  if (left?.type === 'identifier' && right?.id === call.id) return left.text;
  return undefined;
}

const PASSED_THROUGH = new Set(['stdout', 'stderr', 'stdin', 'cwd', 'env']);

function subprocessTwin(site: PySite, kind: string): Outcome {
  const argsNode = site.call.childForFieldName('arguments');
  const positional = (argsNode?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment');
  const first = positional[0];
  if (!first || first.type !== 'list' || positional.length !== 1) {
    return { unavailable: 'the command is not a literal list: asyncio.create_subprocess_exec needs the argument vector' };
  }
  const statement = enclosingStatement(site.call);
  const inner = statement?.type === 'expression_statement' ? statement.firstNamedChild : undefined;
  const target = statement && inner ? assignedName(statement, site.call) : undefined;
  if (!statement || !inner || (inner.id !== site.call.id && !target)) {
    return { unavailable: 'the call is not a statement of its own or a plain assignment' };
  }
  const keywords = (argsNode?.namedChildren ?? []).filter((a): a is Node => a?.type === 'keyword_argument');
  const passed: string[] = [];
  let capture = kind === 'check_output';
  let check = kind === 'check_output' || kind === 'check_call';
  for (const kw of keywords) {
    const key = kw.childForFieldName('name')?.text ?? '';
    const value = kw.childForFieldName('value')?.text ?? '';
    if (PASSED_THROUGH.has(key)) passed.push(kw.text);
    else if (key === 'capture_output' && value === 'True') capture = true;
    else if (key === 'capture_output' && value === 'False') continue;
    else if (key === 'check' && (value === 'True' || value === 'False')) check = value === 'True';
    else return { unavailable: `\`${key}=\` has no direct asyncio.create_subprocess_exec equivalent` };
  }
  if (capture) {
    if (passed.some((p) => /^std(out|err)\s*=/.test(p))) return { unavailable: 'capture_output together with stdout/stderr' };
    passed.push('stdout=asyncio.subprocess.PIPE', 'stderr=asyncio.subprocess.PIPE');
  }
  const scope = site.fn?.text ?? site.text;
  const proc = freshName('proc', scope);
  const out = freshName('stdout', scope);
  const err = freshName('stderr', scope);
  const argv = first.text;
  const items = first.text.slice(1, -1).trim().replace(/,\s*$/, '');
  const indent = indentAt(site.text, statement.startIndex);
  const eol = site.style.eol;
  const lines = [`${proc} = await asyncio.create_subprocess_exec(${[items, ...passed].filter(Boolean).join(', ')})`];
  lines.push(`${out}, ${err} = await ${proc}.communicate()`);
  if (check) {
    lines.push(`if ${proc}.returncode:`);
    lines.push(`${site.style.indent}raise subprocess.CalledProcessError(${proc}.returncode, ${argv}, ${out}, ${err})`);
  }
  if (target) {
    const value =
      kind === 'run'
        ? `subprocess.CompletedProcess(${argv}, ${proc}.returncode, ${out}, ${err})`
        : kind === 'check_output'
          ? out
          : `${proc}.returncode`;
    lines.push(`${target} = ${value}`);
  }
  return rewrite([{ span: { start: statement.startIndex, end: statement.endIndex }, newText: lines.join(`${eol}${indent}`) }], ['import asyncio', 'import subprocess']);
}

/** The rule's `template` for this call (`await x({args})`), if it is an awaited one. */
function templateTwin(site: PySite): Outcome | undefined {
  const replacement = site.rule?.replacements.find((r) => r.template && r.calls.includes(site.finding.call) && /^\s*await\b/.test(r.template));
  if (!replacement?.template) return undefined;
  const args = argumentsText(site.call);
  if (args === undefined) return undefined;
  const newText = awaitExpr(site.call, replacement.template.replace('{args}', args));
  const notes = replacement.requires?.length ? [`needs ${replacement.requires.join(', ')}`] : [];
  return { edits: [{ span: span(site.call), newText }], imports: replacement.imports ?? [], safe: !replacement.requires?.length, notes };
}

function rewrite(edits: Rewrite['edits'], imports: string[]): Rewrite {
  return { edits, imports, safe: true, notes: [] };
}

function span(node: Node): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

