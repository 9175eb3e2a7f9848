/** The user's formatting habits, read from the file so inserted code blends in. */
export interface TextStyle {
  eol: '\n' | '\r\n';
  /** One indentation level: a tab or N spaces. */
  indent: string;
  quote: '"' | "'";
}

export function eolOf(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Most frequent positive step between the indentation of consecutive non-blank lines. */
export function indentUnitOf(text: string, fallback = '    '): string {
  const counts = new Map<string, number>();
  let previous = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.length > previous.length && indent.startsWith(previous)) {
      const step = indent.slice(previous.length);
      counts.set(step, (counts.get(step) ?? 0) + 1);
    }
    previous = indent;
  }
  let best = fallback;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount && (step === '\t' || /^ +$/.test(step))) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

/** The quote that opens most string literals; ties keep the language default. */
export function quoteOf(text: string, fallback: '"' | "'"): '"' | "'" {
  const doubles = (text.match(/(^|[\s=(\[,:{])(?:[rbfuRBFU]{0,2})"/g) ?? []).length;
  const singles = (text.match(/(^|[\s=(\[,:{])(?:[rbfuRBFU]{0,2})'/g) ?? []).length;
  if (doubles === singles) return fallback;
  return doubles > singles ? '"' : "'";
}

export function styleOf(text: string, defaultQuote: '"' | "'"): TextStyle {
  return { eol: eolOf(text), indent: indentUnitOf(text), quote: quoteOf(text, defaultQuote) };
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** 1-based line of an offset (for messages). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A name not yet used as an identifier in `scopeText`: `client`, `client2`... */
export function freshName(base: string, scopeText: string): string {
  const used = (name: string) => new RegExp(`(^|[^A-Za-z0-9_$.])${name.replace(/\$/g, '\\$')}([^A-Za-z0-9_$]|$)`).test(scopeText);
  if (!used(base)) return base;
  for (let i = 2; ; i++) if (!used(`${base}${i}`)) return `${base}${i}`;
}
