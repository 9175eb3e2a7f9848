import type { CallSite, ChainHop, Finding, HandlerRef, Range, Severity, Span } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import type { RuleDefinition } from '../rules/types';
import { explanationFor, severityFor, severityRank, type SeverityOverrides } from '../severity';
import { keyOf } from './resolver';
import { findingKey } from '../findingKey';
import { cooperativeKey, loadedKey, startupKey } from './readKeys';
import type { ContextRefiner, Root } from './roots';
import { hopTo, siteKey, type BlockingSite, type PathHop, type Reach, type SummaryStore } from './summaries';
import { callPrunesReach } from './paramGuards';
import { conditionedSeverity, conditionPhrase, edgeCondition, hopNote, joinConditions, leafCondition, siteNote, type ReachCondition } from './conditions';

export interface FindingOptions {
  rules: RuleCatalog;
  severity?: SeverityOverrides;
  languageOf(file: string): 'python' | 'javascript' | undefined;
  refiner(): ContextRefiner | undefined;
  /** Whether startup code runs this function (`keyOf`): then its once-guarded code ran before any request. */
  runsAtStartup(key: string): boolean;
  /** Whether `module`, which `requiring` loads inside a function, is in Node's module cache when a root of `seeds` runs it. */
  inModuleCache(seeds: readonly string[], requiring: string, module: string): boolean;
  /** The project file `spec` names from `file` (`require('./meta')`). */
  resolveModule(spec: string, file: string): string | undefined;
  /** Line and column of a span of the file's text (call sites keep only their spans). */
  rangeOf(file: string, span: Span): Range;
}

type RangeOf = FindingOptions['rangeOf'];

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

function withNote(hop: ChainHop, note: string | undefined): ChainHop {
  return note ? { ...hop, note } : hop;
}

function handlerHop(root: Root): ChainHop {
  const name = root.handler?.name ?? root.fn.name;
  const hop = { file: root.file, line: root.fn.nameRange.line, column: root.fn.nameRange.column, name };
  return withNote(hop, root.devOnly ? `development only: registered under ${root.devOnly}` : root.runCondition?.reason);
}

function callHop(file: string, hop: PathHop, rangeOf: RangeOf): ChainHop {
  const { line, column } = rangeOf(file, hop.site.span);
  const at = withNote({ file, line, column, name: hop.callee.name }, hopNote(hop.site, hop.callee));
  return hop.via ? { ...at, via: hop.via } : at;
}

function leafHop(leaf: BlockingSite, rangeOf: RangeOf): ChainHop {
  const { line, column } = rangeOf(leaf.file, leaf.site.span);
  return withNote({ file: leaf.file, line, column, name: leaf.call }, siteNote(leaf.site));
}

/** The root's own condition: a handler registered only in development, or one the framework does not run per request. */
function rootCondition(root: Root): ReachCondition | undefined {
  return root.devOnly ? { kind: 'dev-only', reason: root.devOnly } : root.runCondition;
}

/** Handler → call site → … → blocking call. */
function chainOf(root: Root, hop: PathHop, reach: Reach, rangeOf: RangeOf): ChainHop[] {
  return [handlerHop(root), callHop(root.file, hop, rangeOf), ...reach.path.map((p) => callHop(p.file, p, rangeOf)), leafHop(reach.leaf, rangeOf)];
}

function handlerRefOf(root: Root): HandlerRef | null {
  const h = root.handler;
  return h && { file: h.file, line: h.line, name: h.name, framework: h.framework };
}

/** ` (32 bytes: microseconds)`: why the arguments make this call cheap or expensive. */
function costNote(leaf: BlockingSite): string {
  if (leaf.rule.cost === 'cheap' && leaf.rule.costReason) return ` (cheap: ${leaf.rule.costReason})`;
  const cost = leaf.rule.argumentCost;
  if (leaf.cost === 'cheap' && cost) return ` (cheap here: ${cost.cheapReason})`;
  if (leaf.cost === 'expensive' && cost?.expensiveReason) return ` (${cost.expensiveReason})`;
  return '';
}

function fill(template: string, call: string): string {
  // A lazy object loaded by its first read (`request.user`) is no call: say what the code does.
  const read = /^(.+)\.__getattr__$/.exec(call);
  if (read) return template.replace(/\{call\}(\(\))?/g, `reading \`${read[1]}\``);
  return template.replace(/\{call\}/g, call);
}

interface Candidate {
  reach: Reach;
  severity: Severity;
  hop: PathHop;
  condition: ReachCondition | undefined;
}

/** Turns roots and summaries into findings: direct calls, via-call sites and the blocking calls they reach. */
export class FindingBuilder {
  constructor(
    private readonly store: SummaryStore,
    private readonly options: FindingOptions,
  ) {}

  /** `reads` gets the startup and deployment answers the severity depended on (readKeys.ts). */
  private severity(leaf: BlockingSite, root: Root, condition: ReachCondition | undefined, reads: Set<string> | undefined): Severity | null {
    if (this.warmedAtStartup(condition, reads)) return null;
    if (this.loadedBeforeRequest(root, leaf, reads)) return null;
    const context = root.weighedAs ?? root.context;
    if (context === 'cooperative' && this.cooperative(root.file, leaf, reads)) return null;
    const severity = conditionedSeverity(severityFor(leaf.rule, context, this.options.severity), condition);
    return severity && leaf.cost === 'cheap' ? 'info' : severity;
  }

  private cooperative(file: string, leaf: BlockingSite, reads: Set<string> | undefined): boolean {
    const refiner = this.options.refiner();
    if (!refiner?.cooperativeCall) return false;
    reads?.add(cooperativeKey(file, leaf.rule.id, leaf.call));
    return refiner.cooperativeCall(file, leaf.rule, leaf.call);
  }

  /** A path through a first-call-only step whose first call startup code makes: it never runs on a request. */
  private warmedAtStartup(condition: ReachCondition | undefined, reads: Set<string> | undefined): boolean {
    return !!condition?.guardedIn?.some((at) => {
      const key = keyOf(at.file, at.fn);
      reads?.add(startupKey(key));
      return this.options.runsAtStartup(key);
    });
  }

  /**
   * A function-level `require('./meta')` that Node's module cache answers
   * (`WorkspaceIndex.inModuleCache`): the root's own file and the file
   * registering it ran before the handler could serve. Per root: another
   * process (NodeBB's web installer) loads other modules.
   */
  private loadedBeforeRequest(root: Root, leaf: BlockingSite, reads: Set<string> | undefined): boolean {
    const spec = 'loads' in leaf.site ? leaf.site.loads : undefined;
    const module = spec !== undefined ? this.options.resolveModule(spec, leaf.file) : undefined;
    if (module === undefined) return false;
    const seeds = root.registeredIn ? [root.file, root.registeredIn] : [root.file];
    reads?.add(loadedKey(seeds, leaf.file, module));
    return this.options.inModuleCache(seeds, leaf.file, module);
  }

  private explain(root: Root, rule: RuleDefinition, condition?: ReachCondition): string {
    const base = explanationFor(root.weighedAs ?? root.context, rule);
    const explained = root.note ? `${base} (${root.note})` : base;
    return condition ? `runs ${conditionPhrase(condition)}, where it ${explained}` : explained;
  }

  private leafFinding(root: Root, leaf: BlockingSite, severity: Severity, chain: ChainHop[], condition: ReachCondition | undefined): Finding {
    return {
      file: leaf.file,
      range: this.options.rangeOf(leaf.file, leaf.site.span),
      span: leaf.site.span,
      rule: leaf.rule.id,
      category: leaf.rule.category,
      severity,
      call: leaf.call,
      // A coroutine that never runs is wrong in every context: its rule's message says it all.
      message:
        leaf.rule.category === 'coroutine'
          ? `${fill(leaf.rule.message, leaf.call)}.`
          : `${fill(leaf.rule.message, leaf.call)}${costNote(leaf)}; here it ${this.explain(root, leaf.rule, condition)}.`,
      context: root.context,
      handler: handlerRefOf(root),
      chain,
      fixes: [],
      ...(root.deployment ? { deployment: root.deployment } : {}),
      ...('edge' in leaf.site && leaf.site.edge ? { edge: leaf.site.edge.label } : {}),
    };
  }

  /** All findings reached from `root`; `files` gets every file (and other read key, readKeys.ts) the facts, summaries and severities read. */
  findingsFor(root: Root, files?: Set<string>): Finding[] {
    const out: Finding[] = [];
    const facts = this.store.factsOf(root.file, root.fn);
    // What the findings read is the union of the summaries' reads; many edges share a summary (netbox's views: 7 million
    // additions over 464 distinct sets), so each set is added once.
    const merged = new Set<ReadonlySet<string>>();
    const read = (reads: ReadonlySet<string>): void => {
      if (!files || merged.has(reads)) return;
      merged.add(reads);
      reads.forEach((f) => files.add(f));
    };
    read(facts.files);
    const start = handlerHop(root);
    const fromRoot = rootCondition(root);
    for (const leaf of facts.direct) {
      const condition = fromRoot ?? leafCondition(leaf.site, root);
      const severity = this.severity(leaf, root, condition, files);
      if (severity) out.push(this.leafFinding(root, leaf, severity, [start, leafHop(leaf, this.options.rangeOf)], condition));
    }
    const constantOf = this.store.constantsFrom(root.file, files);
    for (const edge of facts.edges) {
      const candidates: Candidate[] = [];
      const seen = new Set<string>();
      for (const base of edge.targets) {
        const target = root.dispatch?.get(keyOf(base.file, base.fn)) ?? base;
        const hop = hopTo(root, edge, target);
        const step = fromRoot ?? edgeCondition(edge.site, target, root);
        const summary = this.store.summaryOf(target.file, target.fn);
        read(summary.files);
        for (const reach of summary.reaches) {
          if (callPrunesReach(edge.site, target.fn, reach, constantOf)) continue;
          const key = siteKey(reach.leaf);
          if (seen.has(key)) continue;
          seen.add(key);
          const condition = joinConditions(step, reach.condition);
          const severity = this.severity(reach.leaf, root, condition, files);
          if (severity) candidates.push({ reach, severity, hop, condition });
        }
      }
      if (candidates.length === 0) continue;
      for (const { reach, severity, hop, condition } of candidates) out.push(this.leafFinding(root, reach.leaf, severity, chainOf(root, hop, reach, this.options.rangeOf), condition));
      // A coroutine that never runs is reported where it is dropped; the call leading there blocks nothing.
      const blocking = candidates.filter((c) => c.reach.leaf.rule.category !== 'coroutine');
      if (blocking.length > 0) out.push(this.viaCallFinding(root, edge.site, blocking));
    }
    return out;
  }

  private viaCallFinding(root: Root, site: CallSite, candidates: Candidate[]): Finding {
    // The reason named is the worst call that runs on every request; a first-request-only one only when nothing else is left.
    const best = [...candidates].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        Number(!!a.condition) - Number(!!b.condition) ||
        a.reach.path.length - b.reach.path.length,
    )[0];
    const { reach, hop, condition } = best;
    const language = this.options.languageOf(root.file) ?? 'python';
    const viaRule = this.options.rules.byMatcher(language, 'via-call');
    const others = candidates.length - 1;
    const where = `${basename(reach.leaf.file)}:${this.options.rangeOf(reach.leaf.file, reach.leaf.site.span).line}`;
    const chain = chainOf(root, hop, reach, this.options.rangeOf);
    const othersText = others > 0 ? ` and ${others} other blocking call${others > 1 ? 's' : ''}` : '';
    const calleeText = site.text;
    // A callback, a property or a `with` is no call of its own: say how it runs.
    const what = site.edge ? `\`${calleeText}\` (${site.edge.label})` : `\`${calleeText}()\``;
    return {
      file: root.file,
      range: this.options.rangeOf(root.file, hop.site.span),
      span: hop.site.span,
      rule: viaRule?.id ?? `${language === 'python' ? 'py' : 'js'}/via-call`,
      category: reach.leaf.rule.category,
      severity: best.severity,
      call: calleeText,
      message: `${what} reaches \`${reach.leaf.call}\` (${where})${costNote(reach.leaf)}${othersText}, which ${this.explain(root, reach.leaf.rule, condition)}.`,
      context: root.context,
      handler: handlerRefOf(root),
      chain,
      fixes: [],
      ...(root.deployment ? { deployment: root.deployment } : {}),
      ...(site.edge ? { edge: site.edge.label } : {}),
    };
  }
}

/** One finding per (file, position, rule): the most severe, then the shortest chain. */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const key = findingKey(f);
    const existing = best.get(key);
    if (!existing || betterFinding(f, existing)) best.set(key, f);
  }
  return [...best.values()].sort(compareFindings);
}

/** Whether `f` wins over `other`, a finding of the same call and rule: more severe, or as severe with a shorter chain. */
export function betterFinding(f: Finding, other: Finding): boolean {
  const rank = severityRank(f.severity) - severityRank(other.severity);
  return rank > 0 || (rank === 0 && f.chain.length < other.chain.length);
}

/** The order findings are reported in: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  // Most pairs a sort compares share their file: the same string needs no collation.
  return (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.range.line - b.range.line || a.range.column - b.range.column || a.rule.localeCompare(b.rule);
}
