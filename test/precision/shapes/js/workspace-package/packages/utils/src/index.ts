// precision-cause: workspace-package — a cheap `*Sync` function of a workspace package (openstatus's
// `assertSafeUrlSync` in @openstatus/utils): the bare import of the package is not resolved to its source,
// so the name alone is reported. Open: following workspace packages would see it only parses a URL.
export function assertSafeUrlSync(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new Error('https only');
}
