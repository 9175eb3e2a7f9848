import * as fs from 'fs';
import * as path from 'path';
import type { ChainHop, Finding, HandlerRef, HandlerReport, ScanResult, Severity } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import { severityRank } from '../severity';
import { packageDir } from '../paths';

export interface RenderOptions {
  /** ANSI colours (text report only); the CLI turns them on for a TTY without NO_COLOR. */
  color?: boolean;
  /** Rule metadata for SARIF `tool.driver.rules` and docs links; defaults to the built-in rules. */
  rules?: RuleCatalog;
}

interface Manifest {
  version: string;
  repository?: string | { url?: string };
}

let manifest: Manifest | undefined;
function packageManifest(): Manifest {
  manifest ??= JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as Manifest;
  return manifest;
}

export function toolVersion(): string {
  return packageManifest().version;
}

/** Used when package.json names no repository (the extension's docs links use the same). */
const DEFAULT_REPOSITORY = 'https://github.com/unblock-dev/unblock';

/** `https://github.com/o/r` from package.json's `repository` (string or `{ url }`). */
export function repositoryUrl(): string {
  const repository = packageManifest().repository;
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return DEFAULT_REPOSITORY;
  return raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^github:/, 'https://github.com/');
}

/** A rule's documentation page, `docs/rules/<lang>/<name>.md` in the repository (the id is the path). */
export function ruleDocsUrl(ruleId: string): string {
  return `${repositoryUrl()}/blob/main/docs/rules/${ruleId}.md`;
}

/** `file` relative to `root` with forward slashes, as every report writes it. */
export function relativePath(root: string, file: string): string {
  if (!path.isAbsolute(file)) return file.split(path.sep).join('/');
  const relative = path.relative(root, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    a.rule.localeCompare(b.rule)
  );
}

export function handlerKey(h: HandlerRef): string {
  return `${h.file}\0${h.line}\0${h.name}`;
}

export interface FindingGroup {
  /** null: findings outside any handler (`--scope async|all`). */
  handler: HandlerRef | null;
  /** `GET /rates`: the handler's methods (when known) and route, or null. */
  route: string | null;
  findings: Finding[];
}

function routeLabel(h: HandlerReport): string | null {
  const methods = h.methods?.length ? `${h.methods.join(',')} ` : '';
  return h.route ? `${methods}${h.route}` : methods.trim() || null;
}

/** Findings grouped per handler (in file/line order), the handler-less group last. */
export function groupByHandler(result: ScanResult): FindingGroup[] {
  const routes = new Map(result.handlers.map((h) => [handlerKey(h), routeLabel(h)]));
  const groups = new Map<string, FindingGroup>();
  const outside: FindingGroup = { handler: null, route: null, findings: [] };
  for (const finding of [...result.findings].sort(compareFindings)) {
    if (!finding.handler) {
      outside.findings.push(finding);
      continue;
    }
    const key = handlerKey(finding.handler);
    let group = groups.get(key);
    if (!group) {
      group = { handler: finding.handler, route: routes.get(key) ?? null, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => (a.handler!.file < b.handler!.file ? -1 : a.handler!.file > b.handler!.file ? 1 : 0) || a.handler!.line - b.handler!.line,
  );
  return outside.findings.length ? [...sorted, outside] : sorted;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** True when the findings should fail a CI run: anything at warning or above. */
export function hasBlockingFindings(findings: readonly Finding[]): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank('warning'));
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * What a scan left out, in words (findings in test code, testCode.ts; files
 * nothing imports, unimported.ts), and whether `--include-tests` would bring
 * it back: a migration is not test code.
 */
export function leftOut(result: Pick<ScanResult, 'testFindingsHidden' | 'testFilesNotAnalysed' | 'migrationsNotAnalysed'>): { text: string; includeTests: boolean } | undefined {
  const n = result.testFindingsHidden ?? 0;
  const files = result.testFilesNotAnalysed ?? 0;
  const migrations = result.migrationsNotAnalysed ?? 0;
  const unanalysed = [...(files > 0 ? [plural(files, 'test file')] : []), ...(migrations > 0 ? [plural(migrations, 'migration')] : [])];
  const parts = [
    ...(n > 0 ? [`${plural(n, 'finding')} in test code not shown`] : []),
    ...(unanalysed.length > 0 ? [`${unanalysed.join(' and ')} not analysed (nothing else imports them)`] : []),
  ];
  return parts.length > 0 ? { text: parts.join(', '), includeTests: n > 0 || files > 0 } : undefined;
}

/** The line the text and SARIF reports print for `leftOut`. */
export function leftOutNote(result: Parameters<typeof leftOut>[0]): string | undefined {
  const note = leftOut(result);
  return note && (note.includeTests ? `${note.text}; --include-tests` : note.text);
}

/**
 * True when the chain passes through helpers (`handler → helper → call`); a
 * call written in the handler itself is the two-entry chain `handler → call`.
 */
export function hasHelperChain(finding: Finding): boolean {
  return finding.chain.length > 2;
}

/** A hop's name with how it runs and why it may not run per request: `cb (callback passed to call_soon)`, `get_settings (cached by functools.lru_cache)`. */
export function hopLabel(hop: ChainHop): string {
  const details = hopDetails(hop);
  return details ? `${hop.name} (${details})` : hop.name;
}

/** What a chain adds to a hop's name: how it runs when it is not a plain call, and why it may not run per request. */
export function hopDetails(hop: ChainHop): string | undefined {
  return [hop.via, hop.note].filter(Boolean).join('; ') || undefined;
}

/** `handler → helper → requests.get`; empty when the call sits in the handler itself. */
export function chainText(finding: Finding): string {
  return hasHelperChain(finding) ? finding.chain.map(hopLabel).join(' → ') : '';
}
