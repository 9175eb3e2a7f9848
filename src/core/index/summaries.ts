import type { CallSite, ConstValue, FunctionInfo, LanguageId, PatternMatch } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import type { RuleDefinition } from '../rules/types';
import { argumentVerdict, type CostVerdict } from '../rules/cost';
import { resolveSite } from './edges';
import { Readers } from './readers';
import { functionReadKey, movedItems, movedKey, movedObject, readsUnedited } from './readKeys';
import type { FunctionEdit } from '../language';
import type { Overrides } from './overrides';
import { keyOf, type FunctionKey, type Resolver } from './resolver';
import { edgeCondition, joinConditions, leafCondition, type ReachCondition } from './conditions';
import { callPrunesReach, type ConstantOf } from './paramGuards';
import { constantKey } from '../constValues';

/** Module constants defined through others' (`A = B`, `B = C`) followed this far. */
const MAX_CONSTANT_REFS = 8;

/** A blocking call (or construct) inside one function. */
export interface BlockingSite {
  file: string;
  fn: FunctionInfo;
  rule: RuleDefinition;
  /** The call, or the structural match. */
  site: CallSite | PatternMatch;
  /** Resolved call name (`requests.get`) or the matched text. */
  call: string;
  /** What the arguments make of it under the rule's cost model (`rules/cost.ts`). */
  cost?: CostVerdict;
}

/** A call from one project function to others. */
export interface CallEdge {
  site: CallSite;
  targets: FunctionKey[];
}

/** One hop of a path: the call `site` made inside `fn` of `file`, towards `callee`. */
export interface PathHop {
  file: string;
  fn: FunctionInfo;
  site: CallSite;
  callee: FunctionInfo;
  /** How the call reaches `callee` when it is not a plain call (`callback passed to call_soon`). */
  via?: string;
}

/** A blocking site reachable from a function, by the shortest known path. */
export interface Reach {
  leaf: BlockingSite;
  /** Calls from the summarized function down to the function holding `leaf`. */
  path: PathHop[];
  /** The first step of the path that does not run per request (memoized, lazy init, development only). */
  condition?: ReachCondition;
}

/** Whether `candidate` should replace `existing`: a path that runs on every request first, then the shorter one. */
export function betterReach(candidate: Reach, existing: Reach | undefined): boolean {
  if (!existing) return true;
  if (!candidate.condition !== !existing.condition) return !candidate.condition;
  return candidate.path.length < existing.path.length;
}

function rankReaches(a: Reach, b: Reach): number {
  return Number(!!a.condition) - Number(!!b.condition) || a.path.length - b.path.length;
}

export interface FunctionFacts {
  direct: BlockingSite[];
  edges: CallEdge[];
  /** Files whose content these facts depend on. */
  files: Set<string>;
  /** The file of the function they are of. */
  owner: string;
}

export interface Summary {
  reaches: Reach[];
  files: Set<string>;
}

/** The hop from `from` through the call `edge` into `target`, named by its edge kind when it is not a plain call. */
export function hopTo(from: FunctionKey, edge: CallEdge, target: FunctionKey): PathHop {
  const via = target.via ?? edge.site.edge?.label;
  return { file: from.file, fn: from.fn, site: edge.site, callee: target.fn, ...(via ? { via } : {}) };
}

export function siteKey(leaf: BlockingSite): string {
  return `${leaf.file}:${leaf.site.span.start}:${leaf.rule.id}`;
}

/** Summaries keep at most this many blocking sites per function (shortest first): enough to report, bounded in memory. */
const MAX_REACHES_PER_FUNCTION = 64;

/**
 * Per-function blocking facts and transitive summaries, memoized. Summaries
 * are computed bottom-up over strongly connected components (Tarjan), so
 * recursion and mutual imports converge; each entry records the files it
 * depends on so one file's change drops only what it can affect.
 */
export class SummaryStore {
  private readonly facts = new Map<string, FunctionFacts>();
  private readonly summaries = new Map<string, Summary>();
  private readonly readers = new Readers<string>();
  /** The files whose functions' facts changed since `takeChangedOwners` (the caller index reads it); undefined: all. */
  private changedOwners: Set<string> | undefined = new Set();
  /** Project overrides reached by method calls on instances (set by the workspace). */
  overrides: () => Overrides | undefined = () => undefined;
  /** Whether a pattern left to be decided later is a finding (the language's `confirmPattern`; set by the workspace). */
  confirmPattern: (file: string, pattern: PatternMatch) => boolean | undefined = () => true;
  /** Patterns that could not be decided in the time given: what was built from them is not kept on disk. */
  undecidedPatterns = 0;
  /** Each file's module constants (`FileModel.constants`; set by the workspace): what a caller's constant ref reads. */
  constantsOf: (file: string) => Readonly<Record<string, ConstValue>> | undefined = () => undefined;

  /**
   * Reads the module constant a ref written in `file` names, through imports
   * and re-exports, with every ref it holds read in turn from the file that
   * wrote it; notes in `files` each file read.
   */
  constantsFrom(file: string, files: Set<string> | undefined): ConstantOf {
    const read = (from: string, ref: Extract<ConstValue, { kind: 'ref' }>, depth: number): ConstValue | undefined => {
      const at = depth < MAX_CONSTANT_REFS ? this.resolver.resolveMember(ref.ref, from) : undefined;
      if (!at) return undefined;
      files?.add(at.file);
      let value: ConstValue | 'absent' | undefined = this.constantsOf(at.file)?.[at.name];
      for (const key of ref.path) value = typeof value === 'object' ? constantKey(value, key) : undefined;
      return typeof value === 'object' ? settle(at.file, value, depth + 1) : undefined;
    };
    const settle = (from: string, value: ConstValue, depth: number): ConstValue | undefined => {
      if (value.kind === 'ref') return read(from, value, depth);
      if (value.kind !== 'object') return value;
      const props: Record<string, ConstValue> = {};
      const unknown = [...(value.unknown ?? [])];
      for (const [key, inner] of Object.entries(value.props)) {
        const known = settle(from, inner, depth);
        if (known) props[key] = known;
        else unknown.push(key);
      }
      return unknown.length > 0 ? { kind: 'object', props, unknown } : { kind: 'object', props };
    };
    return (ref) => read(file, ref, 0);
  }

  constructor(
    private readonly resolver: Resolver,
    private readonly rules: RuleCatalog,
    private readonly languageOf: (file: string) => LanguageId | undefined,
    private readonly disabled: ReadonlySet<string>,
    private readonly maxDepth: number,
    /** Off: project calls are not followed (the bench measures what following costs). */
    private readonly interprocedural = true,
  ) {}

  /** The files whose functions' facts were made, moved or dropped since the last call (undefined: every file's may have been). */
  takeChangedOwners(): ReadonlySet<string> | undefined {
    const changed = this.changedOwners;
    this.changedOwners = new Set();
    return changed;
  }

  /** Forget everything computed from `file`, except what `holds` keeps. */
  invalidate(file: string, holds?: (reads: ReadonlySet<string>) => boolean): void {
    this.readers.drop(file, [{ cache: this.facts, changed: this.factsChanged }, this.summaries], holds);
  }

  /** Facts dropped or moved: their function's file is noted for the caller index. */
  private readonly factsChanged = (_key: string, facts: { files: ReadonlySet<string> }): void => {
    this.changedOwners?.add((facts as FunctionFacts).owner);
  };

  /**
   * After an edit inside one function body: facts and summaries that read
   * that function (or one nested in it) go; the others hold, with what they
   * point at after the edit moved to its copy in the new model.
   */
  afterEdit(edit: FunctionEdit): void {
    // An entry may point at a function after the edit without reading it (a method call's overrides in subclasses are
    // targets whose bodies their own summaries read): each part of it is copied only when what it points at moved.
    const objects = edit.moved.objects;
    const to = <T extends object>(value: T): T => movedObject(edit, value);
    const key = (k: FunctionKey): FunctionKey => movedKey(edit, k);
    const leaf = (l: BlockingSite): BlockingSite => (objects.has(l.fn) || objects.has(l.site) ? { ...l, fn: to(l.fn), site: to(l.site) } : l);
    const hop = (h: PathHop): PathHop => (objects.has(h.fn) || objects.has(h.site) || objects.has(h.callee) ? { ...h, fn: to(h.fn), site: to(h.site), callee: to(h.callee) } : h);
    const edge = (e: CallEdge): CallEdge => {
      const targets = movedItems(e.targets, key)!;
      return targets === e.targets && !objects.has(e.site) ? e : { site: to(e.site), targets };
    };
    const reach = (r: Reach): Reach => {
      const moved = { leaf: leaf(r.leaf), path: movedItems(r.path, hop)! };
      const guardedIn = r.condition?.guardedIn && movedItems(r.condition.guardedIn, key);
      if (moved.leaf === r.leaf && moved.path === r.path && guardedIn === r.condition?.guardedIn) return r;
      return { ...r, ...moved, ...(r.condition ? { condition: { ...r.condition, ...(guardedIn ? { guardedIn } : {}) } } : {}) };
    };
    const moveFacts = (f: FunctionFacts): FunctionFacts | undefined => {
      if (!readsUnedited(f.files, edit)) return undefined;
      const direct = movedItems(f.direct, leaf)!;
      const edges = movedItems(f.edges, edge)!;
      return direct === f.direct && edges === f.edges ? f : { direct, edges, files: f.files, owner: f.owner };
    };
    const moveSummary = (s: Summary): Summary | undefined => {
      if (!readsUnedited(s.files, edit)) return undefined;
      const reaches = movedItems(s.reaches, reach)!;
      return reaches === s.reaches ? s : { reaches, files: s.files };
    };
    this.readers.sweep(edit.file, [
      { cache: this.facts, next: (v) => moveFacts(v as FunctionFacts), changed: this.factsChanged },
      { cache: this.summaries, next: (v) => moveSummary(v as Summary) },
    ]);
  }

  clear(): void {
    this.facts.clear();
    this.summaries.clear();
    this.readers.clear();
    this.changedOwners = undefined;
  }

  factsOf(file: string, fn: FunctionInfo): FunctionFacts {
    const key = keyOf(file, fn);
    let facts = this.facts.get(key);
    if (!facts) {
      facts = this.computeFacts(file, fn);
      this.facts.set(key, facts);
      this.changedOwners?.add(file);
      this.readers.note(key, facts.files);
    }
    return facts;
  }

  private matchRule(language: LanguageId, name: string): RuleDefinition | undefined {
    const rule = this.rules.matchCall(language, name);
    return rule && !this.disabled.has(rule.id) ? rule : undefined;
  }

  private computeFacts(file: string, fn: FunctionInfo): FunctionFacts {
    const files = new Set<string>(this.resolver.functionReads ? [file, functionReadKey(file, fn)] : [file]);
    const direct: BlockingSite[] = [];
    const edges: CallEdge[] = [];
    const language = this.languageOf(file);
    if (!language) return { direct, edges, files, owner: file };
    /**
     * Calls resolved into project code or named by a rule, by where their callee starts and ends (a chain's inner call
     * starts there too): a `*Sync` name there is followed or named, not guessed at.
     */
    const followed = new Set<string>();
    for (const site of fn.calls) {
      if (site.offloaded) continue;
      let ownRule: ReturnType<RuleCatalog['matchProjectCall']> | null | undefined;
      // A receiver of several possible types: every one of them may be the one called.
      for (const target of site.alternatives ? [site.target, ...site.alternatives] : [site.target]) {
        if (!this.interprocedural && target.kind === 'project') continue;
        const resolved = resolveSite(this.resolver, this.overrides(), file, site, files, target);
        if (resolved.kind === 'functions') {
          // A project rule names the call as written, whichever receiver type resolves it.
          ownRule ??= this.rules.matchProjectCall(language, site.text.replace(/\s+/g, '')) ?? null;
          const own = ownRule;
          // The user named this function as the blocking unit: a leaf, reported unless awaited (then it is the async one).
          if (own && !this.disabled.has(own.id)) {
            if (!site.awaited) this.addSite(direct, { file, fn, rule: own, site, call: site.text });
            break;
          }
        }
        if (resolved.kind === 'functions') {
          if (resolved.targets.length > 0) followed.add(calleeKey(site));
          // A sync generator handed to a response that iterates it in a thread: the call itself runs none of its body.
          if (site.streamedInThread && resolved.targets.length > 0 && resolved.targets.every((t) => t.fn.generator && !t.fn.decorated)) continue;
          const unawaited = this.unawaitedCoroutine(language, site, resolved.targets);
          if (unawaited) this.addSite(direct, { file, fn, rule: unawaited, site, call: site.text });
          if (resolved.targets.length > 0 && this.interprocedural) edges.push({ site, targets: resolved.targets });
          continue;
        }
        // A directly awaited library call is an async API, not a blocking one.
        if (site.awaited) continue;
        const rule = this.matchRule(language, resolved.name);
        if (rule) {
          this.addSite(direct, { file, fn, rule, site, call: resolved.name });
          followed.add(calleeKey(site));
          break;
        }
      }
    }
    for (const pattern of fn.patterns) {
      const rule = this.rules.get(pattern.ruleId);
      if (rule?.matcher === 'unknown-sync-call' && followed.has(spanKey(pattern.span.start, pattern.span.end))) continue;
      if (!rule || this.disabled.has(rule.id) || !this.confirmed(file, pattern)) continue;
      this.addSite(direct, { file, fn, rule, site: pattern, call: pattern.text });
    }
    return { direct, edges, files, owner: file };
  }

  private confirmed(file: string, pattern: PatternMatch): boolean {
    if (!pattern.regex) return true;
    const verdict = this.confirmPattern(file, pattern);
    if (verdict === undefined) this.undecidedPatterns++;
    return verdict === true;
  }

  /**
   * `check(x)` dropped or tested for truth without await, where every
   * function it may call is a plain (undecorated) async function: the
   * coroutine never runs, and in a test it is always true.
   */
  private unawaitedCoroutine(language: LanguageId, site: CallSite, targets: readonly FunctionKey[]): RuleDefinition | undefined {
    if (!site.unawaitedUse || site.awaited || site.edge || targets.length === 0) return undefined;
    if (!targets.every((t) => t.fn.isAsync && !t.fn.decorated && !t.fn.accessor)) return undefined;
    const rule = this.rules.byMatcher(language, 'unawaited-coroutine');
    return rule && !this.disabled.has(rule.id) ? rule : undefined;
  }

  /** Applies the rule's cost model: a call its arguments make cheap is dropped or kept at info, as the rule says. */
  private addSite(direct: BlockingSite[], site: BlockingSite): void {
    const cost = argumentVerdict(site.rule, site.call, site.site.args);
    if (cost === 'cheap' && site.rule.argumentCost?.whenCheap === 'skip') return;
    direct.push(cost ? { ...site, cost } : site);
  }

  summaryOf(file: string, fn: FunctionInfo): Summary {
    const key = keyOf(file, fn);
    const cached = this.summaries.get(key);
    if (cached) return cached;
    this.computeComponents({ file, fn });
    return this.summaries.get(key)!;
  }

  /** Iterative Tarjan over functions without a summary yet, summarizing each SCC as it completes. */
  private computeComponents(start: FunctionKey): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: FunctionKey[] = [];
    let counter = 0;
    type Frame = { node: FunctionKey; key: string; successors: FunctionKey[]; next: number };
    const frames: Frame[] = [];

    const push = (node: FunctionKey) => {
      const key = keyOf(node.file, node.fn);
      index.set(key, counter);
      low.set(key, counter);
      counter++;
      stack.push(node);
      onStack.add(key);
      const successors = this.factsOf(node.file, node.fn).edges.flatMap((e) => e.targets);
      frames.push({ node, key, successors, next: 0 });
    };

    push(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.next < frame.successors.length) {
        const succ = frame.successors[frame.next++];
        const succKey = keyOf(succ.file, succ.fn);
        if (this.summaries.has(succKey)) continue;
        if (!index.has(succKey)) push(succ);
        else if (onStack.has(succKey)) low.set(frame.key, Math.min(low.get(frame.key)!, index.get(succKey)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) === index.get(frame.key)) {
        const component: FunctionKey[] = [];
        let member: FunctionKey;
        do {
          member = stack.pop()!;
          onStack.delete(keyOf(member.file, member.fn));
          component.push(member);
        } while (keyOf(member.file, member.fn) !== frame.key);
        this.summarizeComponent(component);
      }
    }
  }

  /** Relaxes shortest paths inside one SCC; callees outside it are already summarized. */
  private summarizeComponent(component: FunctionKey[]): void {
    const keys = component.map((m) => keyOf(m.file, m.fn));
    const inComponent = new Set(keys);
    const working = new Map<string, Map<string, Reach>>();
    const files = new Set<string>();
    for (const member of component) {
      const facts = this.factsOf(member.file, member.fn);
      facts.files.forEach((f) => files.add(f));
      const reaches = new Map<string, Reach>();
      for (const leaf of facts.direct) reaches.set(siteKey(leaf), { leaf, path: [], condition: leafCondition(leaf.site, member) });
      working.set(keyOf(member.file, member.fn), reaches);
    }
    // The handler's own call is the first hop, so a summary keeps paths of at most maxDepth - 1 hops.
    const maxPath = this.maxDepth - 1;
    // Each round can lengthen paths by one hop, so maxDepth rounds reach the fixpoint.
    for (let round = 0; round <= this.maxDepth; round++) {
      let changed = false;
      for (const member of component) {
        const own = working.get(keyOf(member.file, member.fn))!;
        const constantOf = this.constantsFrom(member.file, files);
        for (const edge of this.factsOf(member.file, member.fn).edges) {
          for (const target of edge.targets) {
            const targetKey = keyOf(target.file, target.fn);
            const source = inComponent.has(targetKey)
              ? working.get(targetKey)!.values()
              : this.summaries.get(targetKey)?.reaches ?? [];
            if (!inComponent.has(targetKey)) this.summaries.get(targetKey)?.files.forEach((f) => files.add(f));
            const stepCondition = edgeCondition(edge.site, target, member);
            for (const reach of source) {
              if (reach.path.length + 1 > maxPath) continue;
              if (callPrunesReach(edge.site, target.fn, reach, constantOf)) continue;
              const key = siteKey(reach.leaf);
              const extended: Reach = {
                leaf: reach.leaf,
                path: [hopTo(member, edge, target), ...reach.path],
                condition: joinConditions(stepCondition, reach.condition),
              };
              if (!betterReach(extended, own.get(key))) continue;
              own.set(key, extended);
              changed = true;
            }
          }
        }
      }
      if (!changed || component.length === 1) break;
    }
    for (const key of keys) {
      const reaches = [...working.get(key)!.values()]
        .sort(rankReaches)
        .slice(0, MAX_REACHES_PER_FUNCTION);
      this.summaries.set(key, { reaches, files });
      this.readers.note(key, files);
    }
  }
}

/** A callee's place in `followed`: where it starts and ends (a pattern on the callee spans it). */
function spanKey(start: number, end: number): string {
  return `${start}:${end}`;
}

/** A call's callee, whose text its site keeps as written. */
function calleeKey(site: CallSite): string {
  return spanKey(site.span.start, site.span.start + site.text.length);
}
