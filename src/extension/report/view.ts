/**
 * The report's view model: what the webview draws, built from the worker's
 * report data. Pure (no vscode), so it is unit-tested directly; the webview
 * only renders it and never sees fixes' edits.
 */
import * as path from 'path';
import type { Category, ExecutionContext, HandlerReport, Severity } from '../../core/model';
import type { WireFinding } from '../../server/engine/protocol';
import { barChartSvg } from './chart';
import { isWithin } from '../../core/files/paths';

/** What the worker answers to `{ type: 'report' }` (defined next to the worker code that builds it). */
export type { ReportData } from '../../server/engine/workerReport';
import type { ReportData } from '../../server/engine/workerReport';

export interface ViewLocation {
  file: string;
  /** Root-relative, forward slashes. */
  rel: string;
  /** 1-based. */
  line: number;
  column: number;
}

export interface ViewHop extends ViewLocation {
  name: string;
}

export interface ViewFinding {
  id: string;
  location: ViewLocation;
  rule: string;
  category: Category;
  severity: Severity;
  call: string;
  message: string;
  context: ExecutionContext;
  framework: string | null;
  /** Handler first, blocking call last; empty when the call sits in the handler itself. */
  chain: ViewHop[];
  /** The preferred applicable fix (the fix button); 'lookup': not computed yet, found on click. */
  fix: { title: string; safe: boolean } | 'lookup' | null;
  deployment?: string;
}

export interface ViewHandler {
  key: string;
  name: string;
  location: ViewLocation;
  route: string | null;
  methods: string[];
  kind: 'sync' | 'async';
  context: ExecutionContext;
  deployment?: string;
  findings: string[];
}

export interface ViewFile {
  file: string;
  rel: string;
  handlers: ViewHandler[];
}

export interface ViewFramework {
  framework: string;
  files: ViewFile[];
}

export interface ReportView {
  state: 'loading' | 'empty' | 'ready';
  root: string;
  files: number;
  handlers: number;
  totals: { severity: Record<Severity, number>; category: Partial<Record<Category, number>> };
  chart: string;
  frameworks: ViewFramework[];
  /** Every finding, sorted by severity then place; handlers refer to them by id. */
  findings: ViewFinding[];
  /** Ids of findings outside any handler (scope `async`/`all`). */
  outside: string[];
  errors: number;
  /** "N findings in test code not shown ..." when some were left out. */
  testNote?: string;
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

export function findingId(f: Pick<WireFinding, 'file' | 'range' | 'rule'>): string {
  return `${f.file}:${f.range.line}:${f.range.column}:${f.rule}`;
}

function handlerKey(h: { file: string; line: number; name: string }): string {
  return `${h.file}:${h.line}:${h.name}`;
}

/** The fix the report's button and the editor's preferred quick fix apply. */
export function preferredFix(f: WireFinding): WireFinding['fixes'][number] | undefined {
  return f.fixes.find((x) => x.preferred && !x.unavailable && x.kind !== 'suppress' && x.edits.length > 0);
}

function relTo(roots: string[]): (file: string) => string {
  return (file) => {
    const root = roots.find((r) => isWithin(file, r));
    const rel = root ? path.relative(root, file) : file;
    return (rel || path.basename(file)).split(path.sep).join('/');
  };
}

export function buildView(data: ReportData): ReportView {
  const rel = relTo(data.roots);
  const loc = (file: string, line: number, column: number): ViewLocation => ({ file, rel: rel(file), line, column });
  const rank = (s: Severity) => SEVERITY_ORDER.indexOf(s);

  const findings: ViewFinding[] = [...data.findings]
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column)
    .map((f) => {
      const fix = preferredFix(f);
      return {
        id: findingId(f),
        location: loc(f.file, f.range.line, f.range.column),
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        call: f.call,
        message: f.message,
        context: f.context,
        framework: f.handler?.framework ?? null,
        chain: f.chain.map((h) => ({ ...loc(h.file, h.line, h.column), name: h.via ? `${h.name} (${h.via})` : h.name })),
        fix: !data.fixes ? 'lookup' : fix ? { title: fix.title, safe: fix.safe } : null,
        ...(f.deployment ? { deployment: f.deployment.summary } : {}),
      };
    });

  const byHandler = new Map<string, string[]>();
  const deploymentOf = new Map<string, string>();
  const outside: string[] = [];
  data.findings.forEach((f) => {
    if (!f.handler) {
      outside.push(findingId(f));
      return;
    }
    const key = handlerKey(f.handler);
    (byHandler.get(key) ?? byHandler.set(key, []).get(key)!).push(findingId(f));
    if (f.deployment && !deploymentOf.has(key)) deploymentOf.set(key, f.deployment.summary);
  });
  const order = new Map(findings.map((f, i) => [f.id, i]));
  const sortIds = (ids: string[]) => ids.sort((a, b) => order.get(a)! - order.get(b)!);

  const frameworks = new Map<string, Map<string, ViewHandler[]>>();
  for (const h of [...data.handlers].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const key = handlerKey(h);
    const files = frameworks.get(h.framework) ?? frameworks.set(h.framework, new Map()).get(h.framework)!;
    const list = files.get(h.file) ?? files.set(h.file, []).get(h.file)!;
    if (list.some((x) => x.key === key)) continue;
    list.push({
      key,
      name: h.name,
      location: loc(h.file, h.line, 1),
      route: h.route,
      methods: h.methods ?? [],
      kind: h.kind,
      context: h.context,
      ...(deploymentOf.has(key) ? { deployment: deploymentOf.get(key) } : {}),
      findings: sortIds(byHandler.get(key) ?? []),
    });
  }

  const severity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const category: Partial<Record<Category, number>> = {};
  for (const f of data.findings) {
    severity[f.severity]++;
    category[f.category] = (category[f.category] ?? 0) + 1;
  }

  const empty = data.handlers.length === 0 && data.findings.length === 0;
  return {
    state: empty ? (data.loading ? 'loading' : 'empty') : 'ready',
    root: data.roots[0] ?? '',
    files: data.files,
    handlers: data.handlers.length,
    totals: { severity, category },
    chart: barChartSvg(severity, category),
    frameworks: [...frameworks.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([framework, files]) => ({
        framework,
        files: [...files.entries()].map(([file, handlers]) => ({ file, rel: rel(file), handlers })),
      })),
    findings,
    outside: sortIds(outside),
    errors: data.errors.length,
    ...(data.testFindingsHidden > 0 ? { testNote: `${data.testFindingsHidden} finding${data.testFindingsHidden === 1 ? '' : 's'} in test code not shown; setting unblock.includeTests` } : {}),
  };
}

/** Every location the view shows: the only places the webview may ask to open. */
export function viewLocations(view: ReportView): Set<string> {
  const keys = new Set<string>();
  const add = (l: ViewLocation) => keys.add(locationKey(l.file, l.line));
  for (const f of view.findings) {
    add(f.location);
    f.chain.forEach(add);
  }
  for (const fw of view.frameworks) for (const file of fw.files) for (const h of file.handlers) add(h.location);
  return keys;
}

export function locationKey(file: string, line: number): string {
  return `${file}\0${line}`;
}
