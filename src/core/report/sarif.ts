import { pathToFileURL } from 'url';
import type { ChainHop, Finding, Range, ScanResult, Severity } from '../model';
import { RuleCatalog } from '../rules/catalog';
import { severityFor } from '../severity';
import { compareFindings, hasHelperChain, hopLabel, relativePath, ruleDocsUrl, leftOutNote, toolVersion, type RenderOptions } from './common';

/** The uriBaseId every location is relative to; `originalUriBaseIds` maps it to the scan root. */
const ROOT_ID = 'SRCROOT';

type Level = 'error' | 'warning' | 'note';

function level(severity: Severity): Level {
  return severity === 'info' ? 'note' : severity;
}

/** A relative path as a URI reference: each segment percent-encoded. */
function uriOf(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function region(range: Range) {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** SARIF 2.1.0 for code-scanning tools: one run, rules with docs links, chains as code flows. */
export function toSarif(result: ScanResult, options: RenderOptions = {}): Record<string, unknown> {
  const catalog = options.rules ?? RuleCatalog.builtin();
  const rel = (file: string) => uriOf(relativePath(result.root, file));
  const physical = (file: string, r: Range | { line: number; column: number }) => ({
    artifactLocation: { uri: rel(file), uriBaseId: ROOT_ID },
    region: 'endLine' in r ? region(r) : { startLine: r.line, startColumn: r.column },
  });

  const findings = [...result.findings].sort(compareFindings);
  const hidden = leftOutNote(result);
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const rule = catalog.get(id);
    // The worst case (a shared event loop) is the rule's default; the context decides per result.
    const defaultLevel = rule ? level(severityFor(rule, 'event-loop') ?? 'warning') : 'warning';
    return {
      id,
      name: id.replace(/^[a-z]+\//, ''),
      shortDescription: { text: rule?.title ?? id },
      ...(rule ? { fullDescription: { text: rule.docs.why } } : {}),
      helpUri: ruleDocsUrl(id),
      defaultConfiguration: { level: defaultLevel },
      properties: rule ? { category: rule.category, tags: [rule.category, rule.language] } : {},
    };
  });

  const hopLocation = (hop: ChainHop, index: number) => ({
    id: index + 1,
    physicalLocation: physical(hop.file, hop),
    message: { text: hopLabel(hop) },
  });
  const resultOf = (f: Finding) => {
    const related = f.chain.map(hopLocation);
    if (f.handler && f.chain.length === 0) {
      related.push({ id: 1, physicalLocation: physical(f.handler.file, { line: f.handler.line, column: 1 }), message: { text: `handler ${f.handler.name}` } });
    }
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule)!,
      level: level(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: physical(f.file, f.range) }],
      ...(related.length ? { relatedLocations: related } : {}),
      ...(hasHelperChain(f)
        ? {
            codeFlows: [
              {
                message: { text: f.chain.map(hopLabel).join(' → ') },
                threadFlows: [
                  {
                    locations: f.chain.map((hop, i) => ({
                      location: { physicalLocation: physical(hop.file, hop), message: { text: hopLabel(hop) } },
                      nestingLevel: i,
                    })),
                  },
                ],
              },
            ],
          }
        : {}),
      properties: {
        category: f.category,
        context: f.context,
        call: f.call,
        ...(f.handler ? { handler: f.handler.name, framework: f.handler.framework } : {}),
        fixes: f.fixes.map((x) => x.title),
      },
    };
  };

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'unblock', version: toolVersion(), semanticVersion: toolVersion(), rules } },
        originalUriBaseIds: { [ROOT_ID]: { uri: rootUri(result.root) } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...result.errors.map((e) => ({
                level: 'warning',
                message: { text: e.message },
                locations: [{ physicalLocation: { artifactLocation: { uri: rel(e.file), uriBaseId: ROOT_ID } } }],
              })),
              ...(hidden ? [{ level: 'note', message: { text: hidden } }] : []),
            ],
          },
        ],
        results: findings.map(resultOf),
        columnKind: 'utf16CodeUnits',
        properties: { testFindingsHidden: result.testFindingsHidden ?? 0, testFilesNotAnalysed: result.testFilesNotAnalysed ?? 0, migrationsNotAnalysed: result.migrationsNotAnalysed ?? 0 },
      },
    ],
  };
}

export function render(result: ScanResult, options: RenderOptions = {}): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}
