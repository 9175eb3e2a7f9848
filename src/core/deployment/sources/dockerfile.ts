import type { Env, Instruction, JSONInstruction } from 'dockerfile-ast';
import { dockerfileAst } from '../../libraries';
import { quote } from 'shell-quote';
import * as path from 'path';
import { launchFromCommand, splitCommands } from '../command';
import { isScriptName } from './shell';
import { TextLines } from '../text';
import { applyServerEnv, commandRecord, isServerEnv, type LaunchEnv } from './commandRecord';
import type { LaunchRecord } from './types';

/**
 * Exec form `["gunicorn", "-k", "gevent"]` as argv; undefined for the shell
 * form. Read as the JSON it is: dockerfile-ast's string values drop the
 * spaces inside a string (`["sh", "-c", "gunicorn -k gevent app:app"]`).
 */
function execForm(instruction: Instruction): string[] | undefined {
  const json = instruction as JSONInstruction;
  if (typeof json.getJSONStrings !== 'function' || !json.getOpeningBracket()) return undefined;
  try {
    const argv: unknown = JSON.parse((instruction.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' '));
    if (Array.isArray(argv) && argv.every((arg) => typeof arg === 'string')) return argv as string[];
  } catch {
    // Not strict JSON (Docker then runs it in a shell): the library's reading.
  }
  return json.getJSONStrings().map((s) => s.getJSONValue());
}

function commandText(instruction: Instruction): string {
  const argv = execForm(instruction);
  if (argv) return quote(argv);
  return (instruction.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
}

/** The final stage's `ENV` settings servers read (`isServerEnv`), with the lines that set them. */
function serverEnv(instructions: Env[]): LaunchEnv | undefined {
  let env: LaunchEnv | undefined;
  for (const instruction of instructions) {
    const range = instruction.getRange();
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      if (!isServerEnv(name)) continue;
      env ??= { values: {}, line: range.start.line + 1, endLine: range.end.line + 1 };
      env.values[name] = property.getValue() ?? '';
      env.line = Math.min(env.line, range.start.line + 1);
      env.endLine = Math.max(env.endLine, range.end.line + 1);
    }
  }
  return env;
}

/** The final stage's last ENTRYPOINT and CMD, and the server settings of its `ENV`. */
function finalStage(text: string) {
  const dockerfile = dockerfileAst().DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const lastStageLine = froms.length > 0 ? froms[froms.length - 1].getRange().start.line : -1;
  const inFinalStage = (i: Instruction) => i.getRange().start.line >= lastStageLine;
  return {
    cmd: dockerfile.getCMDs().filter(inFinalStage).pop(),
    entrypoint: dockerfile.getENTRYPOINTs().filter(inFinalStage).pop(),
    env: serverEnv(dockerfile.getENVs().filter(inFinalStage)),
  };
}

/** A script an image runs, by file name, and the server settings of the image's `ENV`, which the server the script starts reads. */
export interface ImageScriptRun {
  script: string;
  env?: LaunchEnv;
}

/**
 * The script the final stage runs (`ENTRYPOINT ["/usr/local/searxng/entrypoint.sh"]`,
 * `CMD ./start.sh`): undefined when it runs no script.
 */
function scriptOf({ cmd, entrypoint, env }: ReturnType<typeof finalStage>): ImageScriptRun | undefined {
  const runs = entrypoint ?? cmd;
  if (!runs) return undefined;
  // `sh -c ...`, `bash ./start.sh`: the first word naming a script.
  const words = splitCommands(commandText(runs))[0] ?? [];
  const script = words.map((word) => path.posix.basename(word)).find(isScriptName);
  return script ? { script, ...(env ? { env } : {}) } : undefined;
}

/** The Dockerfile reader of `discover.ts`: the server the image starts (`readImage`). */
export function readDockerfile(file: string, text: string): LaunchRecord[] {
  return readImage(file, text).launches;
}

/**
 * What the final stage runs, from one parse: the server it starts
 * (`ENTRYPOINT` + `CMD` as Docker combines them, an exec-form entrypoint
 * getting the CMD as arguments, else either alone), or the script it runs.
 */
export function readImage(file: string, text: string): { launches: LaunchRecord[]; script?: ImageScriptRun } {
  const stage = finalStage(text);
  const { cmd, entrypoint, env } = stage;
  const lines = new TextLines(text);
  const candidates: Array<{ text: string; at: Instruction }> = [];
  if (entrypoint && cmd && execForm(entrypoint)) candidates.push({ text: `${commandText(entrypoint)} ${commandText(cmd)}`, at: cmd });
  if (entrypoint) candidates.push({ text: commandText(entrypoint), at: entrypoint });
  if (cmd) candidates.push({ text: commandText(cmd), at: cmd });
  for (const candidate of candidates) {
    const found = launchFromCommand(candidate.text);
    if (!found) continue;
    const launch = applyServerEnv(found, env);
    const range = candidate.at.getRange();
    // Settings may sit in the ENTRYPOINT or the CMD: search from the first of them.
    const first = entrypoint && cmd ? Math.min(entrypoint.getRange().start.line, range.start.line) : range.start.line;
    return { launches: [commandRecord(file, lines, first + 1, range.end.line + 1, 'dockerfile', launch, {}, env)] };
  }
  const script = scriptOf(stage);
  return script ? { launches: [], script } : { launches: [] };
}
