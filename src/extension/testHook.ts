import * as fs from 'fs';
import * as path from 'path';

/**
 * Integration tests run inside the real extension host: when the runner
 * (test/integration/run.mjs) sets UNBLOCK_INTEGRATION_TESTS to a results
 * path, activation loads the compiled suite from UNBLOCK_INTEGRATION_TEST_ROOT
 * and hands it that path. Without the variable this does nothing.
 */
export function maybeRunIntegrationTests(): void {
  const results = process.env.UNBLOCK_INTEGRATION_TESTS;
  const root = process.env.UNBLOCK_INTEGRATION_TEST_ROOT;
  if (!results || !root) return;
  setTimeout(() => {
    const fail = (error: unknown) =>
      fs.writeFileSync(
        results,
        JSON.stringify({ passed: 0, failed: 1, failures: [{ title: 'loading the integration suite', error: String((error as Error)?.stack ?? error) }] }),
      );
    try {
      // The suite lives outside the bundle, in the repo's compiled tests.
      const suite = require(path.join(root, 'index.js')) as { run(resultsFile: string): Promise<void> };
      suite.run(results).catch(fail);
    } catch (error) {
      fail(error);
    }
  }, 0);
}
