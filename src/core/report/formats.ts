export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown'];
