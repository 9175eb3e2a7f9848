import type { Finding } from './model';

/** What makes two findings the same: the call and the rule, whatever the chain (the server's wire copies too). */
export function findingKey(f: Pick<Finding, 'file' | 'span' | 'rule'>): string {
  return `${f.file}:${f.span.start}:${f.rule}`;
}
