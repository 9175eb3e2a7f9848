/**
 * Inline expectations for fixtures, in the style of flake8-async's eval files:
 * a line ending in `# expect: py/blocking-sleep` (or `// expect: js/...`;
 * several ids comma-separated, optionally `id@severity`) must produce exactly
 * those findings on that line, and every unmarked line must stay silent.
 * A header comment `# unblock-fixture: scope=all maxDepth=2 disable=py/x`
 * sets scan options for the file.
 */
import type { Finding, Scope, Severity } from '../../src/core/model';

export interface ExpectedFinding {
  rule: string;
  severity?: Severity;
}

export interface FixtureOptions {
  scope?: Scope;
  maxDepth?: number;
  disabledRules?: string[];
}

export interface FixtureSpec {
  /** Line (1-based) → the findings expected there. */
  expected: Map<number, ExpectedFinding[]>;
  options: FixtureOptions;
  /** Malformed markers, reported as test failures rather than ignored. */
  problems: string[];
}

const EXPECT_MARKER = /(?:#|\/\/)\s*expect:\s*(.*?)\s*(?:\*\/)?$/;
const HEADER_MARKER = /(?:#|\/\/)\s*unblock-fixture:\s*(.*)$/;
const RULE_ID = /^(py|js)\/[a-z0-9]+(-[a-z0-9]+)*$/;
const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
const SCOPES: readonly string[] = ['handlers', 'async', 'all'];

function parseExpectation(item: string, line: number, problems: string[]): ExpectedFinding | undefined {
  const [rule, severity] = item.split('@').map((s) => s.trim());
  if (!RULE_ID.test(rule)) {
    problems.push(`line ${line}: "${item}" is not a rule id`);
    return undefined;
  }
  if (severity !== undefined && !SEVERITIES.includes(severity)) {
    problems.push(`line ${line}: "${severity}" is not a severity`);
    return undefined;
  }
  return severity ? { rule, severity: severity as Severity } : { rule };
}

function parseHeader(text: string, line: number, options: FixtureOptions, problems: string[]): void {
  for (const setting of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = setting.split('=');
    if (key === 'scope' && SCOPES.includes(value)) options.scope = value as Scope;
    else if (key === 'maxDepth' && /^\d+$/.test(value)) options.maxDepth = Number(value);
    else if (key === 'disable' && value) options.disabledRules = value.split(',');
    else problems.push(`line ${line}: unknown fixture setting "${setting}"`);
  }
}

/** Reads the expectations and options written in a fixture's comments. */
export function parseFixture(text: string): FixtureSpec {
  const expected = new Map<number, ExpectedFinding[]>();
  const options: FixtureOptions = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    const header = HEADER_MARKER.exec(content);
    if (header) {
      parseHeader(header[1], line, options, problems);
      return;
    }
    const marker = EXPECT_MARKER.exec(content);
    if (!marker) return;
    const items = marker[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) problems.push(`line ${line}: empty expect marker`);
    const parsed = items.map((item) => parseExpectation(item, line, problems)).filter((e): e is ExpectedFinding => !!e);
    if (parsed.length) expected.set(line, parsed);
  });
  return { expected, options, problems };
}

function listExpected(found: Array<{ rule: string; severity?: string }>): string {
  return found.length ? found.map((f) => (f.severity ? `${f.rule}@${f.severity}` : f.rule)).join(', ') : 'nothing';
}

/**
 * Compares findings of one file with its expectations, per line. Rules are
 * compared as sets (two calls of one rule on a line need one marker); a
 * severity is checked only where the marker gives one. Returns one readable
 * line per mismatch; empty when everything matches.
 */
export function compareFindings(spec: FixtureSpec, findings: Finding[]): string[] {
  const actual = new Map<number, Finding[]>();
  for (const finding of findings) {
    const list = actual.get(finding.range.line) ?? [];
    list.push(finding);
    actual.set(finding.range.line, list);
  }
  const lines = [...new Set([...spec.expected.keys(), ...actual.keys()])].sort((a, b) => a - b);
  const mismatches: string[] = [];
  for (const line of lines) {
    const want = spec.expected.get(line) ?? [];
    const got = actual.get(line) ?? [];
    const wantRules = new Set(want.map((w) => w.rule));
    const gotRules = new Set(got.map((g) => g.rule));
    const sameRules = wantRules.size === gotRules.size && [...wantRules].every((r) => gotRules.has(r));
    const severityOk = want.every((w) => !w.severity || got.some((g) => g.rule === w.rule && g.severity === w.severity));
    if (sameRules && severityOk) continue;
    const detail = got.map((g) => `${g.rule}@${g.severity} on ${g.call} in ${g.context}`).join('; ');
    mismatches.push(`line ${line}: expected ${listExpected(want)}, got ${detail || 'nothing'}`);
  }
  return mismatches;
}
