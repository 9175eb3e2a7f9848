import type { Finding, ScanResult, Severity } from '../model';
import {
  chainText,
  countBySeverity,
  groupByHandler,
  plural,
  relativePath,
  leftOutNote,
  type FindingGroup,
  type RenderOptions,
} from './common';

type Style = (text: string) => string;

function styles(color: boolean) {
  const wrap =
    (open: number, close: number): Style =>
    (text) =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
  };
}

function severityStyle(s: ReturnType<typeof styles>, severity: Severity): Style {
  return severity === 'error' ? s.red : severity === 'warning' ? s.yellow : s.blue;
}

/** The plain-text report: per handler, its findings and how each is reached. */
export function render(result: ScanResult, options: RenderOptions = {}): string {
  const s = styles(options.color ?? false);
  const rel = (file: string) => relativePath(result.root, file);
  const lines: string[] = [];

  const header = (group: FindingGroup): string => {
    if (!group.handler) return s.bold('Outside handlers');
    const h = group.handler;
    const route = group.route ? ` ${group.route}` : '';
    // Inline handlers are already named after their framework and route.
    const label = h.name.startsWith(`${h.framework} `) ? '' : ` ${s.cyan(`(${h.framework}${route})`)}`;
    return `${s.bold(h.name)}${label} ${s.dim(`${rel(h.file)}:${h.line}`)}`;
  };
  const findingLines = (f: Finding): string[] => {
    const where = `${rel(f.file)}:${f.range.line}:${f.range.column}`;
    const severity = severityStyle(s, f.severity)(f.severity.padEnd(7));
    const out = [`  ${severity} ${where}  ${f.message}  ${s.dim(f.rule)}`];
    const chain = chainText(f);
    if (chain) out.push(`          ${s.dim('via')} ${chain}`);
    return out;
  };

  for (const group of groupByHandler(result)) {
    lines.push(header(group));
    for (const f of group.findings) lines.push(...findingLines(f));
    lines.push('');
  }

  if (result.errors.length) {
    lines.push(s.bold(`Problems (${result.errors.length})`));
    for (const e of result.errors) lines.push(`  ${s.yellow('!')} ${rel(e.file)}: ${e.message}`);
    lines.push('');
  }

  const counts = countBySeverity(result.findings);
  const total = result.findings.length;
  const summary = total
    ? `${plural(total, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info)`
    : 'No blocking calls found';
  lines.push(
    `${s.bold(summary)} in ${plural(result.filesScanned, 'file')}, ${plural(result.handlers.length, 'handler')}` +
      (result.errors.length ? `, ${plural(result.errors.length, 'problem')}` : ''),
  );
  const hidden = leftOutNote(result);
  if (hidden) lines.push(s.dim(hidden));
  return `${lines.join('\n')}\n`;
}
