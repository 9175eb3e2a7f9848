import * as fs from 'fs';

/**
 * Writes `file` through a temporary file beside it and a rename, so a reader
 * never sees half of it: `fill` writes the bytes in as many pieces as it
 * likes (a pack of thousands of model bodies is never joined in memory).
 * On any error the temporary file goes and the error is thrown. `mode`: the
 * new file's permissions (before the umask).
 */
export function writeFileAtomically(file: string, fill: (write: (bytes: Uint8Array) => void) => void, mode?: number): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, 'w', mode);
    fill((bytes) => writeAll(fd!, bytes));
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** All of `bytes` at the file's current end (a write may take fewer bytes than it was given; one that takes none fails). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) {
    const wrote = fs.writeSync(fd, bytes, written);
    if (wrote <= 0) throw new Error(`write made no progress`);
    written += wrote;
  }
}
