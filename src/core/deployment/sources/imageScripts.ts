import * as path from 'path';
import { applyServerEnv, type LaunchEnv } from './commandRecord';
import type { LaunchRecord } from './types';

/** A Dockerfile whose image runs a script (by file name), and the server settings its `ENV` gives what the script starts. */
export interface ImageScript {
  dockerfile: string;
  script: string;
  env?: LaunchEnv;
}

/**
 * Marks each launch a shell script makes as the launch of the image that
 * runs the script, by the script's file name (of several images, the one
 * whose Dockerfile sits nearest), with the server settings of the image's
 * `ENV`: searxng's image runs entrypoint.sh, whose `granian` reads
 * `GRANIAN_INTERFACE=wsgi GRANIAN_BLOCKING_THREADS=4` from it. The record
 * keeps the script's lines as where its settings are written.
 */
export function withImageEnvironments(records: LaunchRecord[], images: readonly ImageScript[]): void {
  if (images.length === 0) return;
  records.forEach((record, i) => {
    if (record.origin !== 'shell') return;
    const name = path.basename(record.file);
    const image = images.filter((s) => s.script === name).sort((a, b) => sharedFolders(b.dockerfile, record.file) - sharedFolders(a.dockerfile, record.file))[0];
    if (image) records[i] = { ...record, launch: applyServerEnv(record.launch, image.env), runByImage: image.dockerfile };
  });
}

/** How many folders two files' paths share from the root. */
function sharedFolders(a: string, b: string): number {
  const [x, y] = [path.dirname(a).split(path.sep), path.dirname(b).split(path.sep)];
  let shared = 0;
  while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
  return shared;
}
