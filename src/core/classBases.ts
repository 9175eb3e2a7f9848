/** `pkg.mod.*` names every class of that module; anything else names one class. */
export function baseMatches(name: string, pattern: string): boolean {
  return pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export function derivesFrom(ancestors: Iterable<string>, patterns: readonly string[]): boolean {
  for (const name of ancestors) if (patterns.some((p) => baseMatches(name, p))) return true;
  return false;
}
