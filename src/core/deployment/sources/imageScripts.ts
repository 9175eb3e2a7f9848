import * as path from 'path';
import { commonRoot } from '../../files/paths';
import { applyServerEnv } from './commandRecord';
import type { ImageScriptRun } from './dockerfile';
import type { LaunchRecord } from './types';

/** A Dockerfile whose image runs a script (by file name), and the server settings its `ENV` gives what the script starts. */
export interface ImageScript extends ImageScriptRun {
  dockerfile: string;
}

/**
 * `records` with each launch a shell script makes marked as the launch of
 * the image that runs the script, by the script's file name (of several
 * images, the one whose Dockerfile sits nearest), with the server settings
 * of the image's `ENV`: searxng's image runs entrypoint.sh, whose `granian`
 * reads `GRANIAN_INTERFACE=wsgi GRANIAN_BLOCKING_THREADS=4` from it. The
 * record keeps the script's lines as where its settings are written.
 */
export function withImageEnvironments(records: LaunchRecord[], images: readonly ImageScript[]): LaunchRecord[] {
  if (images.length === 0) return records;
  return records.map((record) => {
    if (record.origin !== 'shell') return record;
    const name = path.basename(record.file);
    const nearness = (image: ImageScript) => commonRoot([path.dirname(image.dockerfile) + path.sep, path.dirname(record.file) + path.sep]).length;
    const image = images.filter((s) => s.script === name).sort((a, b) => nearness(b) - nearness(a))[0];
    return image ? { ...record, launch: applyServerEnv(record.launch, image.env), runByImage: image.dockerfile } : record;
  });
}
