/**
 * A small horizontal bar chart as plain SVG (no remote resources, no library).
 * Colours come from CSS classes in media/report/report.css, which map to the
 * theme's variables, so light, dark and high-contrast themes all work.
 */
import type { Category, Severity } from '../../core/model';

const ROW = 18;
const LABEL_WIDTH = 80;
const BAR_WIDTH = 160;
const COUNT_WIDTH = 36;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Bar {
  label: string;
  value: number;
  className: string;
}

function bars(rows: Bar[], top: number, max: number): string {
  return rows
    .map((r, i) => {
      const y = top + i * ROW;
      const width = max > 0 ? Math.max(r.value > 0 ? 2 : 0, Math.round((r.value / max) * BAR_WIDTH)) : 0;
      return (
        `<text class="chart-label" x="0" y="${y + 12}">${escapeXml(r.label)}</text>` +
        `<rect class="bar ${r.className}" x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW - 6}" rx="2"/>` +
        `<text class="chart-count" x="${LABEL_WIDTH + width + 4}" y="${y + 12}">${r.value}</text>`
      );
    })
    .join('');
}

/** Findings by severity, then by category; the title and desc make it readable to screen readers. */
export function barChartSvg(severity: Record<Severity, number>, category: Partial<Record<Category, number>>): string {
  const sev: Bar[] = (['error', 'warning', 'info'] as const).map((s) => ({ label: s, value: severity[s], className: `sev-${s}` }));
  const cat: Bar[] = (Object.entries(category) as [Category, number][])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => ({ label: c, value: n, className: 'cat' }));
  const max = Math.max(0, ...sev.map((b) => b.value), ...cat.map((b) => b.value));
  const catTop = sev.length * ROW + 8;
  const height = catTop + cat.length * ROW;
  const width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH;
  const desc = [...sev, ...cat].map((b) => `${b.label}: ${b.value}`).join(', ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="chart-title chart-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title id="chart-title">Blocking calls by severity and category</title><desc id="chart-desc">${escapeXml(desc)}</desc>` +
    bars(sev, 0, max) +
    (cat.length ? `<line class="chart-rule" x1="0" x2="${width}" y1="${catTop - 4}" y2="${catTop - 4}"/>` : '') +
    bars(cat, catTop, max) +
    `</svg>`
  );
}
