import type { Instruction, JSONInstruction } from 'dockerfile-ast';
import { dockerfileAst } from '../../libraries';
import { quote } from 'shell-quote';
import { launchFromCommand } from '../command';
import { TextLines } from '../text';
import { applyGunicornEnv, commandRecord, type LaunchEnv } from './commandRecord';
import type { LaunchRecord } from './types';

/** Exec form `["gunicorn", "-k", "gevent"]` as argv; undefined for the shell form. */
function execForm(instruction: Instruction): string[] | undefined {
  const json = instruction as JSONInstruction;
  if (typeof json.getJSONStrings !== 'function' || !json.getOpeningBracket()) return undefined;
  return json.getJSONStrings().map((s) => s.getJSONValue());
}

function commandText(instruction: Instruction): string {
  const argv = execForm(instruction);
  if (argv) return quote(argv);
  return (instruction.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
}

/**
 * The server the final stage starts: `ENTRYPOINT` + `CMD` as Docker combines
 * them (exec-form entrypoint gets the CMD as arguments), else either alone.
 */
export function readDockerfile(file: string, text: string): LaunchRecord[] {
  const dockerfile = dockerfileAst().DockerfileParser.parse(text);
  const lines = new TextLines(text);
  const froms = dockerfile.getFROMs();
  const lastStageLine = froms.length > 0 ? froms[froms.length - 1].getRange().start.line : -1;
  const inFinalStage = (i: Instruction) => i.getRange().start.line >= lastStageLine;
  const cmd = dockerfile.getCMDs().filter(inFinalStage).pop();
  const entrypoint = dockerfile.getENTRYPOINTs().filter(inFinalStage).pop();
  const candidates: Array<{ text: string; at: Instruction }> = [];
  if (entrypoint && cmd && execForm(entrypoint)) candidates.push({ text: `${commandText(entrypoint)} ${commandText(cmd)}`, at: cmd });
  if (entrypoint) candidates.push({ text: commandText(entrypoint), at: entrypoint });
  if (cmd) candidates.push({ text: commandText(cmd), at: cmd });
  const envs = dockerfile.getENVs().filter(inFinalStage);
  let env: LaunchEnv | undefined;
  for (const instruction of envs) {
    const range = instruction.getRange();
    env ??= { values: {}, line: range.start.line + 1, endLine: range.end.line + 1 };
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      if (name !== 'GUNICORN_CMD_ARGS' && name !== 'WEB_CONCURRENCY') continue;
      env.values[name] = property.getValue() ?? '';
      env.line = Math.min(env.line, range.start.line + 1);
      env.endLine = Math.max(env.endLine, range.end.line + 1);
    }
  }
  if (env && Object.keys(env.values).length === 0) env = undefined;
  for (const candidate of candidates) {
    const found = launchFromCommand(candidate.text);
    if (!found) continue;
    const launch = applyGunicornEnv(found, env);
    const range = candidate.at.getRange();
    // Settings may sit in the ENTRYPOINT or the CMD: search from the first of them.
    const first = entrypoint && cmd ? Math.min(entrypoint.getRange().start.line, range.start.line) : range.start.line;
    return [commandRecord(file, lines, first + 1, range.end.line + 1, 'dockerfile', launch, {}, env)];
  }
  return [];
}
