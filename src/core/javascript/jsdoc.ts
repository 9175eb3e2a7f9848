/**
 * JSDoc types in plain JavaScript (`/** @type {UserService} *\/`,
 * `@param {import('./db').Store} store`): the declared type of a variable or
 * parameter when no TypeScript annotation gives one. Read from the text just
 * before a declaration, so parsing needs no comment collection.
 */

/** How far back a declaration's comment may start (a long JSDoc block still fits). */
const LOOKBACK = 4000;
/** A declaration's head between its comment and the node (`export default async function `). */
const MAX_HEAD = 160;

/**
 * The body of the `/** … *\/` block that ends right before `offset`, allowing
 * only the declaration's own head in between (`export const x = `,
 * `async method`), on the line after the comment or the same line.
 */
export function jsdocBefore(text: string, offset: number): string | undefined {
  // The comment must end within a head's length of the declaration: only that stretch is searched for its end (a whole
  // look-back per declaration was 4% of an edit of a 5,000-line file without JSDoc).
  const near = Math.max(0, offset - MAX_HEAD - 2);
  const found = text.slice(near, offset).lastIndexOf('*/');
  if (found < 0) return undefined;
  const end = near + found;
  const head = text.slice(end + 2, offset);
  // Each word must be followed by a separator, so the pattern cannot backtrack exponentially.
  if (!/^[ \t]*(?:\r?\n)?[ \t]*(?:[\w$]+(?:[ \t]*[=:][ \t]*|[ \t]+))*[\w$]*$/.test(head)) return undefined;
  const from = Math.max(0, offset - LOOKBACK);
  const start = text.slice(from, offset).lastIndexOf('/**', end - from);
  return start < 0 ? undefined : text.slice(from + start + 3, end);
}

/** The type expression of `@type {T}` in a JSDoc body. */
export function jsdocType(body: string): string | undefined {
  return braced(body, /@type\s*\{/);
}

/** `@param {T} name`, `[name]` or `[name=default]`: the type and the name as written. */
const PARAM_TAG = /@param\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\[?([^\s=\]]+)/g;

/** The last body's parameter types: a function's parameters are looked up in the same comment one after another. */
let lastParams: { body: string; types: Map<string, string> } | undefined;

/** The type expression of `@param {T} name` (also `[name]`, `[name=default]`) in a JSDoc body. */
export function jsdocParamType(body: string, name: string): string | undefined {
  if (lastParams?.body !== body) {
    const types = new Map<string, string>();
    // A pattern built per parameter was 1% of a JS/TS scan (outline): the tags are read once per comment.
    for (const [, type, tagged] of body.matchAll(PARAM_TAG)) if (!types.has(tagged)) types.set(tagged, type.trim());
    lastParams = { body, types };
  }
  return lastParams.types.get(name);
}

/**
 * The names a JSDoc type expression may denote, most specific first:
 * `?Store`, `Store=`, `Store|null` → `Store`; `import('./db').Store` →
 * `{ spec: './db', name: 'Store' }`. Generic and function types give none.
 */
export function jsdocTypeNames(type: string): Array<{ spec?: string; name: string }> {
  const names: Array<{ spec?: string; name: string }> = [];
  for (const member of type.split('|')) {
    const t = member.trim().replace(/^[?!]+|[=!]+$/g, '').trim();
    const imported = /^import\(\s*(['"])([^'"]+)\1\s*\)\.([\w$.]+)$/.exec(t);
    if (imported) names.push({ spec: imported[2], name: imported[3] });
    else if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(t) && !PRIMITIVES.has(t)) names.push({ name: t });
  }
  return names;
}

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'object', 'any', 'unknown', 'null', 'undefined', 'void', 'Object', 'Function', 'String', 'Number', 'Boolean', 'Array', 'Promise', 'Date', 'RegExp', 'Error']);

function braced(body: string, opener: RegExp): string | undefined {
  const m = opener.exec(body);
  if (!m) return undefined;
  let depth = 1;
  for (let i = m.index + m[0].length; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}' && --depth === 0) return body.slice(m.index + m[0].length, i).trim();
  }
  return undefined;
}
