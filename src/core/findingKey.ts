import type { Finding } from './model';

/** Keys made so far, by finding: a workspace's findings are deduplicated on every compute, and kept findings are the same objects. */
const keys = new WeakMap<object, string>();

/** What makes two findings the same: the call and the rule, whatever the chain (the server's wire copies too). */
export function findingKey(f: Pick<Finding, 'file' | 'span' | 'rule'>): string {
  let key = keys.get(f);
  if (key === undefined) keys.set(f, (key = `${f.file}:${f.span.start}:${f.rule}`));
  return key;
}
