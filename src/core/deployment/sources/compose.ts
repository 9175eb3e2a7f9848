import * as path from 'path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { quote } from 'shell-quote';
import { launchFromCommand } from '../command';
import { TextLines } from '../text';
import { commandRecord } from './commandRecord';
import type { LaunchRecord } from './types';

function nodeText(node: unknown): string | undefined {
  if (isScalar(node)) return typeof node.value === 'string' ? node.value : undefined;
  if (isSeq(node)) return quote(node.items.map((i) => (isScalar(i) ? String(i.value) : '')));
  return undefined;
}

/**
 * `services.<name>.command` / `entrypoint` in docker-compose files. A service
 * with a `build` context belongs to the app in that directory.
 */
export function readCompose(file: string, text: string): LaunchRecord[] {
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
    for (const key of ['entrypoint', 'command']) {
      const node = service.get(key, true) as Node | undefined;
      const command = nodeText(node);
      if (!command || !node?.range) continue;
      const launch = launchFromCommand(command);
      if (!launch) continue;
      const line = counter.linePos(node.range[0]).line;
      const endLine = counter.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
      records.push(commandRecord(file, lines, line, endLine, 'compose', launch, { name, appDir }));
      break;
    }
  }
  return records;
}
