import type { ScanResult } from '../model';
import type { RenderOptions } from './common';
import * as json from './json';
import * as markdown from './markdown';
import * as sarif from './sarif';
import * as text from './text';

import type { ReportFormat } from './formats';

export { REPORT_FORMATS, type ReportFormat } from './formats';

const RENDERERS: Record<ReportFormat, (result: ScanResult, options?: RenderOptions) => string> = {
  text: text.render,
  json: json.render,
  sarif: sarif.render,
  markdown: markdown.render,
};

export function renderReport(format: ReportFormat, result: ScanResult, options: RenderOptions = {}): string {
  return RENDERERS[format](result, options);
}

export type { RenderOptions } from './common';
export { hasBlockingFindings } from './common';
