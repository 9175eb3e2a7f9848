/**
 * Scaffolds a rule: `rules/<lang>/<name>.json` (valid, with TODOs), a fixture
 * `test/fixtures/<lang>/<name>.<ext>` with one expected and one silent line,
 * and regenerated docs. One id, four artefacts; the meta-tests then insist
 * they stay together.
 *
 *   npm run new-rule -- py/blocking-ldap [--root <dir>]
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageDir } from '../src/core/paths';
import type { RuleDefinition } from '../src/core/rules/types';
import { validateRule } from '../src/core/rules/catalog';
import { generateDocs } from './generate-docs';

const ID = /^(py|js)\/[a-z0-9]+(-[a-z0-9]+)*$/;

function pythonRule(id: string): RuleDefinition {
  return {
    id,
    language: 'python',
    title: 'TODO: what the flagged calls do',
    category: 'network',
    calls: ['example_sdk.blocking_call'],
    message: '{call}() TODO: says what blocks (the context is appended)',
    replacements: [{ calls: ['example_sdk.blocking_call'], description: 'TODO: the async twin, e.g. `await example_sdk.aio.call(...)`' }],
    offload: 'thread',
    docs: {
      why: 'TODO: why the call blocks and what that costs on an event loop, in a sync worker and under gevent.',
      example: 'import example_sdk\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/")\nasync def index():\n    return example_sdk.blocking_call()',
      useInstead: 'TODO: the async library or the offload recipe.',
      whenNotToUse: 'TODO: when the call is fine (startup code, tiny inputs).',
    },
  };
}

function javascriptRule(id: string): RuleDefinition {
  return {
    id,
    language: 'javascript',
    title: 'TODO: what the flagged calls do',
    category: 'network',
    calls: ['example-sdk.blockingCallSync'],
    message: '{call}() TODO: says what blocks (the context is appended)',
    replacements: [{ calls: ['example-sdk.blockingCallSync'], description: 'TODO: the promise API, e.g. `await sdk.call()`' }],
    offload: 'thread',
    docs: {
      why: 'TODO: why the call blocks the event loop.',
      example: "const sdk = require('example-sdk');\n\napp.get('/', (req, res) => {\n  res.json(sdk.blockingCallSync());\n});",
      useInstead: 'TODO: the async API or a worker pool.',
      whenNotToUse: 'TODO: when the call is fine (startup code, CLI).',
    },
  };
}

function pythonFixture(id: string): string {
  return [
    'import asyncio',
    '',
    'import example_sdk',
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    'example_sdk.blocking_call()  # startup: silent',
    '',
    '',
    '@app.get("/")',
    'async def index():',
    `    return example_sdk.blocking_call()  # expect: ${id}@error`,
    '',
    '',
    '@app.get("/offloaded")',
    'async def offloaded():',
    '    return await asyncio.to_thread(example_sdk.blocking_call)',
    '',
  ].join('\n');
}

function javascriptFixture(id: string): string {
  return [
    "const express = require('express');",
    "const sdk = require('example-sdk');",
    '',
    'const app = express();',
    'sdk.blockingCallSync(); // startup: silent',
    '',
    "app.get('/', (req, res) => {",
    `  res.json(sdk.blockingCallSync()); // expect: ${id}`,
    '});',
    '',
  ].join('\n');
}

export interface ScaffoldResult {
  ruleFile: string;
  fixtureFile: string;
  docsWritten: string[];
}

/** Creates the rule, its fixture and docs under `root`; refuses to overwrite. */
export function scaffoldRule(id: string, root: string): ScaffoldResult {
  if (!ID.test(id)) throw new Error(`"${id}" is not a rule id: use <py|js>/<lowercase-words-with-dashes>, e.g. py/blocking-ldap`);
  const [lang, name] = id.split('/');
  const ruleFile = path.join(root, 'rules', lang, `${name}.json`);
  const fixtureFile = path.join(root, 'test', 'fixtures', lang, `${name}.${lang === 'py' ? 'py' : 'js'}`);
  for (const file of [ruleFile, fixtureFile]) {
    if (fs.existsSync(file)) throw new Error(`${path.relative(root, file)} already exists`);
  }
  const rule = lang === 'py' ? pythonRule(id) : javascriptRule(id);
  const problems = validateRule(rule);
  if (problems.length) throw new Error(`internal: the scaffold is invalid: ${problems.join('; ')}`);

  fs.mkdirSync(path.dirname(ruleFile), { recursive: true });
  fs.writeFileSync(ruleFile, JSON.stringify({ $schema: '../rule.schema.json', ...rule }, null, 2) + '\n');
  fs.mkdirSync(path.dirname(fixtureFile), { recursive: true });
  fs.writeFileSync(fixtureFile, lang === 'py' ? pythonFixture(id) : javascriptFixture(id));
  const docs = generateDocs(root);
  return { ruleFile, fixtureFile, docsWritten: docs.changed };
}

function main(argv: string[]): number {
  const rootIndex = argv.indexOf('--root');
  const root = rootIndex >= 0 ? path.resolve(argv[rootIndex + 1]) : packageDir();
  const id = argv.find((a, i) => !a.startsWith('--') && !(rootIndex >= 0 && i === rootIndex + 1));
  if (!id) {
    console.error('usage: npm run new-rule -- <py|js>/<name> [--root <dir>]');
    return 2;
  }
  try {
    const result = scaffoldRule(id, root);
    console.log(`created ${path.relative(root, result.ruleFile)}`);
    console.log(`created ${path.relative(root, result.fixtureFile)}`);
    for (const doc of result.docsWritten) console.log(`wrote docs/rules/${doc}`);
    console.log('next: fill in the TODOs, write real calls and fixture lines, then `npm run docs` and `npm run test:unit`');
    return 0;
  } catch (error) {
    console.error(`new-rule: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
