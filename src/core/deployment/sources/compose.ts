import * as path from 'path';
import type { LineCounter, Node } from 'yaml';
import { yaml } from '../../libraries';
import { quote } from 'shell-quote';
import { launchFromCommand } from '../command';
import { TextLines } from '../text';
import { applyServerEnv, commandRecord, isServerEnv, type LaunchEnv } from './commandRecord';
import type { LaunchRecord } from './types';

function nodeText(node: unknown): string | undefined {
  const { isScalar, isSeq } = yaml();
  if (isScalar(node)) return typeof node.value === 'string' ? node.value : undefined;
  if (isSeq(node)) return quote(node.items.map((i) => (isScalar(i) ? String(i.value) : '')));
  return undefined;
}

/** `environment:` as a map or a list of `KEY=value`, keeping only what servers read (`isServerEnv`). */
function environmentOf(node: unknown, counter: LineCounter): LaunchEnv | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  const values: Record<string, string> = {};
  if (isMap(node)) {
    for (const pair of node.items) if (isScalar(pair.key) && isScalar(pair.value)) values[String(pair.key.value)] = String(pair.value.value);
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const match = isScalar(item) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(String(item.value)) : null;
      if (match) values[match[1]] = match[2];
    }
  }
  const wanted = Object.fromEntries(Object.entries(values).filter(([k]) => isServerEnv(k)));
  const range = (node as Node | undefined)?.range;
  if (Object.keys(wanted).length === 0 || !range) return undefined;
  return { values: wanted, line: counter.linePos(range[0]).line, endLine: counter.linePos(Math.max(range[0], range[1] - 1)).line };
}

/**
 * `services.<name>.command` / `entrypoint` in docker-compose files. A service
 * with a `build` context belongs to the app in that directory.
 */
export function readCompose(file: string, text: string): LaunchRecord[] {
  const { LineCounter, parseDocument, isMap, isScalar } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const lines = new TextLines(text);
  const records: LaunchRecord[] = [];
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const build: unknown = service.get('build', true);
    const context = isScalar(build) ? String(build.value) : isMap(build) ? nodeText(build.get('context', true)) : undefined;
    const appDir = context ? path.resolve(path.dirname(file), context) : undefined;
    const env = environmentOf(service.get('environment', true), counter);
    for (const key of ['entrypoint', 'command']) {
      const node = service.get(key, true) as Node | undefined;
      const command = nodeText(node);
      if (!command || !node?.range) continue;
      const found = launchFromCommand(command);
      if (!found) continue;
      const launch = applyServerEnv(found, env);
      const line = counter.linePos(node.range[0]).line;
      const endLine = counter.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
      records.push(commandRecord(file, lines, line, endLine, 'compose', launch, { name, appDir }, env));
      break;
    }
  }
  return records;
}
