import type { Category, Finding, ScanResult } from '../model';
import { countBySeverity, groupByHandler, hasHelperChain, hopDetails, plural, relativePath, ruleDocsUrl, SEVERITIES, leftOut, type RenderOptions } from './common';

/** Text safe inside a table cell or a line of prose. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the content. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

const ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

function summaryTable(findings: readonly Finding[]): string[] {
  const byCategory = new Map<Category, Finding[]>();
  for (const f of findings) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  const rows = [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = countBySeverity(findings);
  const cells = (list: readonly Finding[]) => {
    const c = countBySeverity(list);
    return SEVERITIES.map((s) => String(c[s]));
  };
  return [
    '| Category | Error | Warning | Info | Total |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(([category, list]) => `| ${category} | ${cells(list).join(' | ')} | ${list.length} |`),
    `| **Total** | ${SEVERITIES.map((s) => `**${total[s]}**`).join(' | ')} | **${findings.length}** |`,
  ];
}

/** A report for a pull-request comment: a summary table, then findings per handler with their chains. */
export function render(result: ScanResult, _options: RenderOptions = {}): string {
  const rel = (file: string) => relativePath(result.root, file);
  const counts = countBySeverity(result.findings);
  const lines: string[] = ['## Unblock report', ''];
  const hidden = leftOut(result);
  const hiddenLine = hidden ? [`_${escape(hidden.text)}${hidden.includeTests ? ' (`--include-tests` shows them)' : ''}._`, ''] : [];
  if (result.findings.length === 0) {
    lines.push(
      `No blocking calls found on request paths (${plural(result.filesScanned, 'file')}, ${plural(result.handlers.length, 'handler')}).`,
      '',
      ...hiddenLine,
    );
  } else {
    lines.push(
      `${plural(result.findings.length, 'blocking call')} on request paths: ` +
        SEVERITIES.map((s) => `${ICON[s]} ${counts[s]} ${s}`).join(' · ') +
        ` (${plural(result.filesScanned, 'file')}, ${plural(result.handlers.length, 'handler')}).`,
      '',
      ...hiddenLine,
      ...summaryTable(result.findings),
      '',
    );
    for (const group of groupByHandler(result)) {
      if (group.handler) {
        const h = group.handler;
        const route = group.route ? ` ${code(group.route)}` : '';
        const label = h.name.startsWith(`${h.framework} `) ? '' : ` — ${escape(h.framework)}${route}`;
        lines.push(`### ${code(h.name)}${label} (${code(`${rel(h.file)}:${h.line}`)})`, '');
      } else {
        lines.push('### Outside handlers', '');
      }
      for (const f of group.findings) {
        const where = code(`${rel(f.file)}:${f.range.line}:${f.range.column}`);
        lines.push(`- ${ICON[f.severity]} **${f.severity}** [${code(f.rule)}](${ruleDocsUrl(f.rule)}) ${where}: ${escape(f.message)}`);
        if (hasHelperChain(f)) lines.push(`  - via ${f.chain.map((hop) => code(hop.name) + (hopDetails(hop) ? ` (${hopDetails(hop)})` : '')).join(' → ')}`);
        const fix = f.fixes.find((x) => x.preferred) ?? f.fixes.find((x) => x.kind !== 'suppress');
        if (fix) lines.push(`  - fix: ${escape(fix.title)}`);
      }
      lines.push('');
    }
  }
  if (result.readiness?.length) {
    lines.push('### Readiness for an ASGI framework', '');
    for (const app of result.readiness) {
      const libraries = app.syncLibraries.length ? `; blocking: ${app.syncLibraries.map((l) => `${code(l.call)}${l.count > 1 ? ` ×${l.count}` : ''}`).join(', ')}` : '';
      lines.push(`- ${code(rel(app.appRoot) || '.')} (${escape(app.framework)}): ${app.asyncViews} of ${plural(app.views, 'view')} async${libraries}. ${escape(app.verdict)}.`);
    }
    lines.push('');
  }
  if (result.errors.length) {
    lines.push('<details><summary>' + `${plural(result.errors.length, 'problem')} while scanning` + '</summary>', '');
    for (const e of result.errors) lines.push(`- ${code(rel(e.file))}: ${escape(e.message)}`);
    lines.push('', '</details>', '');
  }
  return lines.join('\n');
}
