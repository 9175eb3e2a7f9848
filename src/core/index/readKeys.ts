import { sha1 } from '../analysis/fingerprint';
import type { ConstructionSite } from '../model';

/**
 * What a root's findings read besides files: keys noted next to the file
 * paths (`RootFindings`, `SummaryStore`), so the findings cache can tell
 * whether a stored root still holds. A file path is itself a key.
 */
const CONSTRUCTION = 'construction:';
const STARTUP = 'startup:';
const COOPERATIVE = 'cooperative:';

/** The dependency a value read off construction sites records: any file's sites of that class name may change it. */
export function constructionKey(className: string): string {
  return `${CONSTRUCTION}${className}`;
}

/** Findings that asked whether startup code runs the function `fnKey` (`keyOf`). */
export function startupKey(fnKey: string): string {
  return `${STARTUP}${fnKey}`;
}

/** Findings that asked whether the deployment makes `call` cooperative in `file`. */
export function cooperativeKey(file: string, rule: string, call: string): string {
  return `${COOPERATIVE}${file}\0${rule}\0${call}`;
}

/** Where a key's current value comes from. */
export interface ReadSources {
  text(file: string): string | undefined;
  constructionsNamed(name: string): Array<{ file: string; site: ConstructionSite }>;
  runsAtStartup(fnKey: string): boolean;
  cooperativeCall(file: string, rule: string, call: string): boolean;
}

/** A digest of what `key` names now: equal digests, equal reads. */
export function readDigest(key: string, sources: ReadSources): string {
  if (key.startsWith(CONSTRUCTION)) return sha1(JSON.stringify(sources.constructionsNamed(key.slice(CONSTRUCTION.length))));
  if (key.startsWith(STARTUP)) return sources.runsAtStartup(key.slice(STARTUP.length)) ? 'yes' : 'no';
  if (key.startsWith(COOPERATIVE)) {
    const [file, rule, call] = key.slice(COOPERATIVE.length).split('\0');
    return sources.cooperativeCall(file, rule, call) ? 'yes' : 'no';
  }
  return textDigest(sources.text(key));
}

export function textDigest(text: string | undefined): string {
  return text === undefined ? 'absent' : sha1(text);
}
