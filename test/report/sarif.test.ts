import * as assert from 'assert';
import { render } from '../../src/core/report/sarif';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { sampleResult } from './sample';
import { sarifProblems } from './sarif-schema';

describe('SARIF report', () => {
  const log = JSON.parse(render(sampleResult(), { rules: RuleCatalog.builtin() }));
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    assert.deepStrictEqual(sarifProblems(log), []);
  });

  it('the validator rejects a broken log', () => {
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    assert.strictEqual(sarifProblems(broken).length >= 2, true);
  });

  it('describes the rules used, with docs links and default levels', () => {
    const rules = run.tool.driver.rules;
    assert.deepStrictEqual(rules.map((r: { id: string }) => r.id), ['js/sync-fs', 'py/blocking-http', 'py/blocking-sleep']);
    const sleep = rules[2];
    assert.strictEqual(sleep.shortDescription.text, 'Synchronous sleep');
    assert.match(sleep.helpUri, /^https:\/\/\S+\/blob\/main\/docs\/rules\/py\/blocking-sleep\.md$/);
    assert.strictEqual(sleep.defaultConfiguration.level, 'error');
  });

  it('maps each finding to a result with a relative location', () => {
    assert.strictEqual(run.results.length, 3);
    const [sleep, http, fs] = run.results;
    assert.strictEqual(sleep.ruleId, 'py/blocking-sleep');
    assert.strictEqual(run.tool.driver.rules[sleep.ruleIndex].id, 'py/blocking-sleep');
    assert.strictEqual(sleep.level, 'error');
    assert.strictEqual(fs.level, 'note');
    assert.deepStrictEqual(http.locations[0].physicalLocation, {
      artifactLocation: { uri: 'app/services/rates%20client.py', uriBaseId: 'SRCROOT' },
      region: { startLine: 8, startColumn: 12, endLine: 8, endColumn: 24 },
    });
    assert.match(run.originalUriBaseIds.SRCROOT.uri, /^file:\/\/\/.*unblock-sample\/$/);
  });

  it('carries the chain as related locations and a code flow', () => {
    const http = run.results[1];
    assert.deepStrictEqual(
      http.relatedLocations.map((l: { message: { text: string } }) => l.message.text),
      ['get_rates', 'fetch_rates', 'requests.get'],
    );
    const steps = http.codeFlows[0].threadFlows[0].locations;
    assert.deepStrictEqual(
      steps.map((s: { location: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }) =>
        `${s.location.physicalLocation.artifactLocation.uri}:${s.location.physicalLocation.region.startLine}`,
      ),
      ['app/main.py:13', 'app/services/rates%20client.py:4', 'app/services/rates%20client.py:8'],
    );
    assert.strictEqual(run.results[0].codeFlows, undefined);
  });

  it('reports scan problems as tool notifications', () => {
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.strictEqual(notes.length, 1);
    assert.strictEqual(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'app/blob.py');
  });
});
