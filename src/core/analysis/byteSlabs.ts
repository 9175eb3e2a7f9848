/** On the 10,000-file tree 1 MB slabs keep the peak as low as 4 or 33 MB ones do; larger ones cost small scans memory. */
const SLAB_BYTES = 1024 * 1024;

/** Arrays larger than this keep their own buffer. */
const OWN_BUFFER_BYTES = 256 * 1024;

/**
 * Small byte arrays that outlive their neighbours (encoded model bodies,
 * packed head fields), copied side by side into large buffers. Kept as
 * thousands of separate buffers, they sat in malloc's arena among
 * short-lived allocations, and once they were freed the arena could not give
 * its pages back (a 10,000-file scan ended with 105 MB of malloc heap, 16 MB
 * without the model cache; its peak fell from 556-585 to 519-531 MB with
 * slabs). A slab is freed when the last array in it is collected, so arrays
 * that die together belong in the same `ByteSlabs`.
 */
export class ByteSlabs {
  private slab: ArrayBuffer | undefined;
  private used = 0;

  constructor(private readonly slabBytes = SLAB_BYTES) {}

  /** `bytes` copied into the current slab (a new one when it is full); large arrays as they are. */
  copy(bytes: Uint8Array): Uint8Array {
    const length = bytes.byteLength;
    if (length > OWN_BUFFER_BYTES || length > this.slabBytes) return bytes;
    if (!this.slab || this.used + length > this.slabBytes) {
      this.slab = new ArrayBuffer(this.slabBytes);
      this.used = 0;
    }
    const view = new Uint8Array(this.slab, this.used, length);
    view.set(bytes);
    this.used += length;
    return view;
  }
}
