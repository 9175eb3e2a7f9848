import * as os from 'os';
import * as path from 'path';
import { readCompose } from './sources/compose';
import { readDockerfile } from './sources/dockerfile';
import { readGunicornConf } from './sources/gunicornConf';
import { readSupervisord, readSystemdUnit, readUwsgiIni } from './sources/ini';
import { readProcfile } from './sources/procfile';
import { readShellScript, SERVICE_SCRIPTS } from './sources/shell';
import type { LaunchRecord } from './sources/types';
import { isEnvFile } from './sources/databaseUrls';
import { folderEntries, folderNames, isFolder } from '../files/folders';
import { noteRead, type ReadAnswer } from '../files/readLog';

const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.venv', 'venv', 'env', '.env', '__pycache__', 'site-packages', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'dist', 'build', 'out', '.idea', '.vscode',
]);
const MAX_DEPTH = 8;

/** Files that say how a Python app is served, by name. */
type Reader = (file: string, text: string) => LaunchRecord[];

/** `#!/bin/sh`, `#!/usr/bin/env bash`, s6's `#!/command/with-contenv /usr/bin/bash`. */
const SHELL_SHEBANG = /^#![^\n]*\b(?:ba|da|z|k)?sh\b/;

export function readerFor(file: string, text?: () => string | undefined): Reader | undefined {
  const name = path.basename(file);
  const lower = name.toLowerCase();
  if (name === 'Procfile' || /^Procfile\./.test(name)) return readProcfile;
  if (name === 'Dockerfile' || /^Dockerfile\./.test(name) || /\.dockerfile$/i.test(name) || /\.Dockerfile$/.test(name) || name === 'Containerfile') return readDockerfile;
  if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(lower)) return readCompose;
  if (/^gunicorn([._-]conf(ig)?)?\.py$/.test(lower) || lower === 'gunicorn.conf') return readGunicornConf;
  if (lower.endsWith('.sh')) return readShellScript;
  // Asked with the text, such a file must say it is a shell script; listing by name alone keeps it.
  if (SERVICE_SCRIPTS.has(name)) return text === undefined || SHELL_SHEBANG.test(text() ?? '') ? readShellScript : undefined;
  if (lower.endsWith('.service')) return readSystemdUnit;
  if (lower.endsWith('.ini') && (lower.startsWith('uwsgi') || /^\s*\[uwsgi\]/m.test(text?.() ?? ''))) return readUwsgiIni;
  if (lower.endsWith('.conf') && (lower.startsWith('supervisor') || /^\s*\[program:/m.test(text?.() ?? ''))) return readSupervisord;
  return undefined;
}

/** Files whose directory is a Python project (they list its dependencies). */
export function isProjectMarker(file: string): boolean {
  const name = path.basename(file);
  return name === 'pyproject.toml' || name === 'setup.cfg' || name === 'Pipfile' || /^requirements.*\.txt$/i.test(name);
}

function interesting(name: string): boolean {
  return (
    name.endsWith('.py') || isProjectMarker(name) || readerFor(name) !== undefined ||
    name.endsWith('.ini') || name.endsWith('.conf') || isEnvFile(name)
  );
}

/** The walks below note their own result, not each folder they asked about. */
const UNNOTED = { noted: false };

/**
 * Deployment and project files under the roots (the scanner lists only
 * source files). Noted in the scan's read log as one read, its result: a file
 * no deployment reader wants, added anywhere, changes nothing.
 */
export function walkRoots(roots: string[]): string[] {
  const found = deploymentFilesUnder(roots);
  noteRead('deploymentFiles', JSON.stringify(roots), () => deploymentFilesAnswer(found));
  return found;
}

export const deploymentFilesAnswer = (found: string[]): ReadAnswer => ['files', found.join('\n')];

/** `walkRoots` without noting it. */
export function deploymentFilesUnder(roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of folderEntries(dir) ?? []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (depth < MAX_DEPTH && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full, depth + 1);
      } else if (entry.isFile && interesting(entry.name)) found.push(full);
    }
  };
  for (const root of roots) {
    const folder = isFolder(root, UNNOTED);
    // A root that vanished has nothing to say.
    if (folder) walk(root, 0);
    else if (folder === false) found.push(root);
  }
  return found;
}

/** Files whose directory is an app: dependency lists and server configs (not shell scripts or ini files, which sit anywhere). */
function marksApp(name: string): boolean {
  const reader = readerFor(name);
  return isProjectMarker(name) || (reader !== undefined && reader !== readShellScript && reader !== readSystemdUnit);
}

const MAX_LEVELS_UP = 8;
/** Folders that hold many unrelated projects: never an app. */
const SHARED_DIRS = new Set([os.tmpdir(), os.homedir(), '/'].map((d) => path.resolve(d)));

/**
 * The app a scan root belongs to: the root itself when it is an app, else
 * the nearest folder above it that is one (scanning `api/views/` or one file
 * uses the facts of the app it sits in), never past a repository's top.
 */
export function enclosingApp(root: string): string {
  const app = enclosingAppUnnoted(root);
  // Noted as its answer: the folders it listed on the way up hold much else.
  noteRead('enclosingApp', root, () => enclosingAppAnswer(app));
  return app;
}

export const enclosingAppAnswer = (app: string): ReadAnswer => ['app', app];

/** `enclosingApp` without noting it. */
export function enclosingAppUnnoted(root: string): string {
  return appFolderOf(root) ?? startOf(root);
}

function startOf(root: string): string {
  return isFolder(root, UNNOTED) === false ? path.dirname(path.resolve(root)) : path.resolve(root);
}

/** What the search from a folder ended with, and how many levels up: a later search reaching that folder with as many levels left ends the same. */
export type AppSearches = Map<string, { app: string | undefined; levels: number }>;

/**
 * The nearest folder at or above `root` that is an app (see enclosingApp),
 * or undefined when there is none. `searches`, shared by the searches of many
 * folders (a CI scan naming thousands of changed files), lists each folder
 * once instead of once per folder below it.
 */
export function appFolderOf(root: string, searches?: AppSearches): string | undefined {
  let dir = startOf(root);
  const passed: string[] = [];
  const ended = (app: string | undefined, beyond: number): string | undefined => {
    passed.forEach((folder, at) => searches?.set(folder, { app, levels: passed.length - 1 - at + beyond }));
    return app;
  };
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const known = searches?.get(dir);
    if (known && level + known.levels <= MAX_LEVELS_UP) return ended(known.app, known.levels + 1);
    passed.push(dir);
    const names = folderNames(dir);
    if (!names) return ended(undefined, 0);
    if (names.some(marksApp)) return ended(dir, 0);
    const parent = path.dirname(dir);
    if (names.includes('.git') || parent === dir || SHARED_DIRS.has(parent)) return ended(undefined, 0);
    dir = parent;
  }
  // Out of levels: a search from a folder higher up would see further, so nothing is kept.
  return undefined;
}
