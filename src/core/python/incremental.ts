import type { Edit, Node, Point, Tree } from 'web-tree-sitter';
import type { CallSite, FunctionInfo, PatternMatch, Range, Span } from '../model';
import { outputOf, spanKey, type AnalysisOutput, type BodyRun, type ListMarks, type SharedWrite, type Walker } from './analyze';
import { keptSource, parserSource, type IncrementalParse } from './parse';
import type { FunctionEdit } from '../language';
import { rangeOf, spanOf } from './ranges';
import type { CallRecord, ClassSyntax, DecoratorRecord, FunctionSyntax } from './syntax';

/**
 * Function-level re-analysis of an edited file. A walk records each body
 * it runs (analyze.ts `BodyRun`): what it added to the walker's lists and
 * what it wrote that other bodies read. When an edit falls inside one
 * function body and tree-sitter reports no syntax change outside it, that
 * body alone is walked again, from the new tree, on the previous walker;
 * everything else moves to its new position. The records keep their nodes:
 * their trees take the same edit (positions move, the text is the new
 * one), so each node still reads what it read. Whenever the result could
 * differ from a fresh walk (the body writes what another body reads, the
 * syntax changed elsewhere) it declines, and the caller walks the file.
 */

/** What the last analysis of a file leaves for the next one: its parsed source, the walker, and every tree its records point into (the first walk's first). */
export interface WalkState {
  /** The text analysed last, and what the parser was given for it. */
  text: string;
  source: string;
  trees: Tree[];
  walker: Walker;
  /** The tree each re-walked body and each class of a re-walked method points into; the rest is in the first tree. */
  treeOf?: Map<BodyRun | ClassSyntax, Tree>;
}

/** Trees kept behind one walker, counted in characters of source (each tree holds about that much again): past it a full walk starts over with one. */
export const MAX_TREE_CHARS = 12 * 1024 * 1024;

/**
 * The new output for `text` (parsed into `tree` as `parse`, an edit of the
 * state's source), or undefined when only a full walk gives it; the state
 * may then be half-changed: drop it. On success `tree` joins the state.
 */
export function rewalkEditedBody(state: WalkState, tree: Tree, text: string, file: string, parse: IncrementalParse | undefined): { output: AnalysisOutput; edit: FunctionEdit } | undefined {
  if (!parse || parse.before !== state.source || (state.trees.length + 1) * text.length > MAX_TREE_CHARS) return undefined;
  const { edit } = parse;
  const { walker } = state;
  const index = editedRun(walker.runs, edit);
  if (index < 0) return undefined;
  const run = walker.runs[index];
  const edited = run.syntax!;
  const later = walker.runs.slice(index + 1);
  // A later body's writes were not there when this one first ran. Class attributes are checked against what the body reads
  // once it has run again; a module name bound through `global` and the Django flag change too much to follow.
  if (run.writes.some((w) => w.kind === 'django') || later.some((r) => r.writes.some((w) => w.kind === 'global' || w.kind === 'django'))) return undefined;
  const shift = positionShift(edit);
  const bodyStart = bodyRegionStart(edited.node);
  const following = nodeAfter(edited.node);
  // The edit sits in the body or in the blank lines after it, before whatever comes next.
  if (bodyStart === undefined || bodyStart >= edit.startIndex || (following && edit.oldEndIndex > following.startIndex)) return undefined;
  const definition = counterpart(tree.rootNode, edited.node.startIndex, 'function_definition');
  if (!definition) return undefined;
  // The syntax changed inside the new body only (a range may reach on over blanks: a space typed after the body's last
  // statement moves what follows, nothing else), and what came next is still there, after it.
  if (parse.ranges.some((r) => r.startIndex < bodyStart || (r.endIndex > definition.endIndex && /\S/.test(text.slice(definition.endIndex, r.endIndex))))) return undefined;
  if (following) {
    const next = counterpart(tree.rootNode, shift.offset(following.startIndex), following.type);
    if (!next || next.startIndex < definition.endIndex) return undefined;
  }
  const enclosingClass = edited.cls ? counterpart(tree.rootNode, edited.cls.node.startIndex, 'class_definition') : undefined;
  if (edited.cls && !enclosingClass) return undefined;

  const marks = run.to;
  const namesBefore = new Set(walker.functions.map(({ info }) => info.name));
  // Each info, site and pattern that moves, with its copy: the index moves what it keeps to them.
  const moved = new Map<object, object>();
  detachOutputs(walker, edited, edit.startIndex, moved);
  const { writes, attrReads, to } = rewalk(walker, run, definition, tree.rootNode);
  if (!sameWrites(run.writes, writes)) return undefined;
  const laterWrites = later.flatMap((r) => r.writes);
  const laterAttrs = new Set(laterWrites.map(attrKeyOf).filter((key) => key !== undefined));
  // What a later body wrote, this one must neither have read (it was not there yet) nor written (undoing it lost the later value).
  if ([...writes.map(attrKeyOf), ...attrReads].some((key) => key !== undefined && laterAttrs.has(key))) return undefined;
  // Attributes later bodies added come after this body's again, as in a fresh walk.
  for (const write of laterWrites) {
    if ((write.kind !== 'attr' && write.kind !== 'ctorArg') || write.before !== undefined) continue;
    const map: Map<string, unknown> = write.kind === 'attr' ? write.cls.attrs : write.cls.ctorArgs;
    const value = map.get(write.name);
    map.delete(write.name);
    map.set(write.name, value);
  }
  for (const older of state.trees) {
    older.edit(edit);
    // Nodes of the older trees read the new text: outside the edited body it is the same text, moved.
    (older as unknown as { textCallback: unknown }).textCallback = (tree as unknown as { textCallback: unknown }).textCallback;
  }
  const fresh = { from: run.from, to };
  move(walker, edited, run.ownCallsBefore, fresh, shift, moved);
  edited.node = definition;
  if (enclosingClass) edited.cls!.node = enclosingClass;
  edited.info.range = rangeOf(definition);
  edited.info.span = spanOf(definition);
  walker.moduleCode.range = rangeOf(tree.rootNode);
  walker.moduleCode.span = spanOf(tree.rootNode);
  walker.indexCallsBySpan();
  run.writes = writes;
  moveMarks(walker.runs, index, marks, to);
  walker.finish();
  const before = state.text;
  state.text = text;
  state.source = keptSource(file) ?? parserSource(text);
  keepTrees(state, tree, run, edited.cls);
  const delta = edit.newEndIndex - edit.oldEndIndex;
  return { output: outputOf(walker, tree, file, text), edit: { file, before, start: edit.startIndex, fn: edited.info.name, namesBefore, moved: { from: shift.from, delta, objects: moved } } };
}

/** The trees the walker's nodes point into after `run` (and its class) moved to `tree`; the others are freed. */
function keepTrees(state: WalkState, tree: Tree, run: BodyRun, cls: ClassSyntax | undefined): void {
  const treeOf = (state.treeOf ??= new Map());
  treeOf.set(run, tree);
  if (cls) treeOf.set(cls, tree);
  const used = new Set<Tree>([state.trees[0], tree, ...treeOf.values()]);
  for (const older of state.trees) if (!used.has(older)) older.delete();
  state.trees = [...state.trees.filter((t) => used.has(t)), tree];
}

/** The run of the function that starts last before the edit (nested functions are walked with theirs): the only one the edit can be in. */
function editedRun(runs: readonly BodyRun[], edit: Edit): number {
  let found = -1;
  runs.forEach((run, i) => {
    const start = run.syntax?.node.startIndex;
    if (!run.rerun || start === undefined || start >= edit.startIndex) return;
    if (found < 0 || start > runs[found].syntax!.node.startIndex) found = i;
  });
  return found;
}

/** The first node after `node` in the text (its next sibling, or an ancestor's); none at the end of the file. */
function nodeAfter(node: Node): { startIndex: number; type: string } | undefined {
  for (let at: Node | null = node; at; at = at.parent) {
    const next = at.nextSibling;
    if (next) return { startIndex: next.startIndex, type: next.type };
  }
  return undefined;
}

/** Where a definition's body region begins: right after the `:` that ends its header (comments before the block belong to the region). */
function bodyRegionStart(definition: Node): number | undefined {
  const colon = definition.children.find((child) => child?.type === ':');
  return colon?.endIndex;
}

/** The node of `type` starting at `start` in `root`'s tree. */
function counterpart(root: Node, start: number, type: string): Node | undefined {
  for (let node: Node | null = root.descendantForIndex(start, start); node; node = node.parent) {
    if (node.startIndex !== start) return undefined;
    if (node.type === type) return node;
  }
  return undefined;
}

/** The class attribute a write sets (as `NameResolver.readAttr` names the ones a walk reads); undefined for other writes. */
function attrKeyOf(write: SharedWrite): string | undefined {
  return write.kind === 'attr' || write.kind === 'ctorArg' ? `${write.cls.name}\0${write.name}` : undefined;
}

/**
 * The model of the previous text shares the walker's function infos and
 * call sites: the re-walk works on copies of the infos, and `move` replaces
 * the sites it moves, so that model stays as it was (the index compares it
 * with the new one; a fix check may analyse a text that is never installed).
 */
function detachOutputs(walker: Walker, edited: FunctionSyntax, editStart: number, infos: Map<object, object>): void {
  const info = (original: FunctionInfo): FunctionInfo => {
    // What the passes after the walk derive is derived again (and so keeps a fresh walk's field order).
    const { wrappers: _wrappers, memoized: _memoized, returns: _returns, ...own } = original;
    const copy = { ...own, calls: [...original.calls], patterns: [...original.patterns] };
    infos.set(original, copy);
    return copy;
  };
  // A function that ends before the edit keeps its info (the index keeps what it built from it); the passes after the walk set it to what it holds.
  for (const syntax of walker.functions) if (syntax === edited || syntax.info.span.end >= editStart) syntax.info = info(syntax.info);
  walker.moduleCode = info(walker.moduleCode);
  const returned = [...walker.returnValues];
  walker.returnValues.clear();
  for (const [original, values] of returned) walker.returnValues.set((infos.get(original) as FunctionInfo | undefined) ?? original, values);
  const annotated = [...walker.annotatedReturns];
  walker.annotatedReturns.clear();
  for (const original of annotated) walker.annotatedReturns.add((infos.get(original) as FunctionInfo | undefined) ?? original);
  walker.topLevelImports.forEach((entry, i) => (walker.topLevelImports[i] = { ...entry }));
  walker.devRegions.forEach((region, i) => (walker.devRegions[i] = { ...region }));
}

/** Walks the run's body again from `definition`, first taking out what it added and undoing what it wrote. Returns its new writes and the marks after it. */
function rewalk(walker: Walker, run: BodyRun, definition: Node, root: Node): { writes: SharedWrite[]; attrReads: Set<string>; to: ListMarks } {
  const fn = run.syntax!;
  for (const write of [...run.writes].reverse()) undo(write, walker);
  const { from, to } = run;
  // The run's own outputs go; later bodies' outputs wait aside while it appends its new ones where the old were.
  const calls = cut(walker.calls, from.calls, to.calls);
  const functions = cut(walker.functions, from.functions, to.functions);
  const constructions = cut(walker.constructions, from.constructions, to.constructions);
  const regions = cut(walker.devRegions, from.devRegions, to.devRegions);
  // Their nodes' ids and spans may come back in the new tree (a subtree tree-sitter reused): they must not find the old records.
  for (const record of calls.own) {
    walker.callById.delete(record.node.id);
    walker.callBySpan?.delete(spanKey(record.site.span.start, record.site.span.end));
  }
  for (const nested of functions.own) {
    walker.returnValues.delete(nested.info);
    walker.annotatedReturns.delete(nested.info);
  }
  const classes = [...walker.names.classes];
  walker.names.classes.clear();
  for (const [name, cls] of classes.slice(0, from.classes)) walker.names.classes.set(name, cls);
  const prefix = `${fn.info.name}.`;
  for (const key of [...walker.lazyReads]) if (key.startsWith(`${fn.info.name}\0`) || key.startsWith(prefix)) walker.lazyReads.delete(key);
  fn.info.calls.length = run.ownCallsBefore;
  fn.info.patterns = [];
  delete fn.info.params;
  delete fn.info.generator;
  if (!walker.annotatedReturns.has(fn.info)) walker.returnValues.delete(fn.info);

  walker.root = root;
  walker.moduleFunctions = undefined;
  const { writes, attrReads } = walker.rerunBody(() => run.rerun!(definition));
  const after = walker.marks();
  putBack(walker.calls, calls.later);
  putBack(walker.functions, functions.later);
  putBack(walker.constructions, constructions.later);
  putBack(walker.devRegions, regions.later);
  for (const [name, cls] of classes.slice(to.classes)) walker.names.classes.set(name, cls);
  return { writes, attrReads, to: after };
}

/** Takes `list`'s items from `from` on: those before `to` (one run's) and the later ones. */
function cut<T>(list: T[], from: number, to: number): { own: T[]; later: T[] } {
  const tail = list.splice(from);
  return { own: tail.slice(0, to - from), later: tail.slice(to - from) };
}

function putBack<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

function undo(write: SharedWrite, walker: Walker): void {
  switch (write.kind) {
    case 'global':
      if (write.before) walker.moduleScope.vars.set(write.name, write.before);
      else walker.moduleScope.vars.delete(write.name);
      return;
    case 'attr':
      if (write.before) write.cls.attrs.set(write.name, write.before);
      else write.cls.attrs.delete(write.name);
      return;
    case 'ctorArg':
      if (write.before) write.cls.ctorArgs.set(write.name, write.before);
      else write.cls.ctorArgs.delete(write.name);
      return;
    case 'rebound':
      write.cls.rebound = write.before;
      return;
    default:
      // Imports and offloaded names are sets the same writes fill again; the Django flag never gets here.
      return;
  }
}

function sameWrites(before: readonly SharedWrite[], after: readonly SharedWrite[]): boolean {
  if (before.length !== after.length) return false;
  return before.every((write, i) => {
    const other = after[i];
    if (write.kind !== other.kind) return false;
    if ('cls' in write && write.cls !== (other as typeof write).cls) return false;
    const { before: _a, cls: _b, ...rest } = write as SharedWrite & { before?: unknown; cls?: unknown };
    const { before: _c, cls: _d, ...otherRest } = other as SharedWrite & { before?: unknown; cls?: unknown };
    return JSON.stringify(rest) === JSON.stringify(otherRest);
  });
}

/** After re-running one body, the later runs' outputs sit by as much further as that body's grew. */
function moveMarks(runs: BodyRun[], index: number, before: ListMarks, after: ListMarks): void {
  const run = runs[index];
  run.to = after;
  const keys = Object.keys(before) as Array<keyof ListMarks>;
  for (const later of runs.slice(index + 1)) {
    for (const key of keys) {
      later.from[key] += after[key] - before[key];
      later.to[key] += after[key] - before[key];
    }
  }
}

interface PositionShift {
  /** Offsets from here on move (the end of the replaced text). */
  from: number;
  point(point: Point): Point;
  offset(offset: number): number;
}

/** Where a position outside the edited body is after the edit (positions before it stay). */
function positionShift(edit: Edit): PositionShift {
  const oldEnd = edit.oldEndPosition;
  const newEnd = edit.newEndPosition;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  return {
    from: edit.oldEndIndex,
    offset: (offset) => (offset >= edit.oldEndIndex ? offset + delta : offset),
    point: (point) => {
      if (point.row < oldEnd.row || (point.row === oldEnd.row && point.column < oldEnd.column)) return point;
      if (point.row === oldEnd.row) return { row: newEnd.row, column: point.column - oldEnd.column + newEnd.column };
      return { row: point.row + newEnd.row - oldEnd.row, column: point.column };
    },
  };
}

function shiftedRange(range: Range, shift: PositionShift): Range {
  const start = shift.point({ row: range.line - 1, column: range.column - 1 });
  const end = shift.point({ row: range.endLine - 1, column: range.endColumn - 1 });
  return { line: start.row + 1, column: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
}

function shiftedSpan(span: Span, shift: PositionShift): Span {
  return { start: shift.offset(span.start), end: shift.offset(span.end) };
}

/**
 * Moves what the re-run body did not make and lies after the edit to its
 * new position: sites and patterns as moved copies (what was built from the
 * old model keeps the originals), ranges as new objects, and the nodes' own
 * copies of their start, which their edited trees now agree with. What lies
 * before the edit stays as it is.
 */
function move(walker: Walker, edited: FunctionSyntax, ownCallsBefore: number, fresh: { from: ListMarks; to: ListMarks }, shift: PositionShift, moved: Map<object, object>): void {
  const after = (offset: number): boolean => offset >= shift.from;
  const seen = new Set<Node>();
  const node = (n: Node | undefined | null): void => {
    if (!n || !after(n.startIndex) || seen.has(n)) return;
    seen.add(n);
    const movable = n as unknown as { startIndex: number; startPosition: Point; _children?: unknown; _namedChildren?: unknown };
    movable.startIndex = shift.offset(n.startIndex);
    movable.startPosition = shift.point(n.startPosition);
    // Children read before the edit carry their old starts: read them again.
    movable._children = undefined;
    movable._namedChildren = undefined;
  };
  const decorator = (d: DecoratorRecord): void => {
    node(d.node);
    node(d.parts?.object);
  };
  const inFresh = (i: number, key: keyof ListMarks): boolean => i >= fresh.from[key] && i < fresh.to[key];
  /** Replaces the first `count` sites (or patterns) after the edit by their moved copies, one copy per original. */
  const moveSites = <T extends CallSite | PatternMatch>(sites: T[], count = sites.length): void => {
    for (let i = 0; i < count; i++) {
      const site = sites[i];
      if (!after(site.span.start)) continue;
      let copy = moved.get(site) as T | undefined;
      if (!copy) moved.set(site, (copy = { ...site, span: shiftedSpan(site.span, shift) }));
      sites[i] = copy;
    }
  };

  walker.functions.forEach((syntax, i) => {
    // A function that ends before the edit has nothing after it (its decorators come before it too).
    if (inFresh(i, 'functions') || (syntax !== edited && !after(syntax.info.span.end))) return;
    for (const d of syntax.decorators) decorator(d);
    for (const param of syntax.params) {
      node(param.node);
      node(param.annotation);
      node(param.default);
    }
    if (syntax === edited) {
      // Its body's sites are new; those its definition made (decorator edges) come first.
      moveSites(syntax.info.calls, ownCallsBefore);
      return;
    }
    node(syntax.node);
    if (after(syntax.info.span.start)) {
      syntax.info.range = shiftedRange(syntax.info.range, shift);
      syntax.info.span = shiftedSpan(syntax.info.span, shift);
      syntax.info.nameRange = shiftedRange(syntax.info.nameRange, shift);
    }
    moveSites(syntax.info.calls);
    moveSites(syntax.info.patterns);
  });
  moveSites(walker.moduleCode.calls);
  moveSites(walker.moduleCode.patterns);
  walker.calls.forEach((record: CallRecord, i) => {
    if (inFresh(i, 'calls') || !after(record.site.span.start)) return;
    record.site = (moved.get(record.site) as CallSite | undefined) ?? record.site;
    node(record.node);
    for (const arg of record.positional) node(arg.node);
    for (const arg of record.keywords.values()) node(arg.node);
    node(record.member?.object);
    node(record.parts?.object);
  });
  [...walker.names.classes.values()].forEach((cls: ClassSyntax, i) => {
    if (inFresh(i, 'classes')) return;
    node(cls.node);
    for (const base of cls.bases) node(base.node);
    for (const keyword of cls.keywords.values()) node(keyword.node);
    for (const d of cls.decorators) decorator(d);
  });
  walker.devRegions.forEach((region, i) => {
    if (inFresh(i, 'devRegions')) return;
    region.from = shift.point(region.from);
    region.to = shift.point(region.to);
  });
  for (const entry of walker.topLevelImports) entry.line = shift.point({ row: entry.line - 1, column: 0 }).row + 1;
}
