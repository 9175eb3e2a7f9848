// precision-cause: workspace-package — a cheap `*Sync` function of a workspace package (openstatus's
// `assertSafeUrlSync` in @openstatus/utils), once reported by its name alone. Fixed: a package the importer
// lists among its dependencies resolves to its source (workspacePackages.ts), which only parses a URL.
export function assertSafeUrlSync(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new Error('https only');
}
