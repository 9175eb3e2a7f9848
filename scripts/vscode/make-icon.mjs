// Draws media/icon.png (128×128): a rounded square with an open padlock-ish
// "unblocked" arrow. Pure Node (zlib + CRC), no image libraries, no downloads.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'media', 'icon.png');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage of pixel (x, y) by the shape, 4×4 supersampled for smooth edges. */
function coverage(inside, x, y) {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) n++;
  return n / 16;
}

const roundedSquare = (x, y) => {
  const r = 26, lo = 4, hi = SIZE - 4;
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return x >= lo && x <= hi && y >= lo && y <= hi && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
// A wall split open with an arrow passing through: "unblocked".
const wall = (x, y) => x >= 54 && x <= 74 && ((y >= 22 && y <= 50) || (y >= 78 && y <= 106));
const arrow = (x, y) => (y >= 57 && y <= 71 && x >= 24 && x <= 86) || (x >= 84 && x <= 108 && Math.abs(y - 64) <= (108 - x) * 0.75);

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) {
    const bg = coverage(roundedSquare, x, y);
    const t = y / SIZE;
    let [r, g, b] = [Math.round(20 + 20 * t), Math.round(110 + 40 * t), Math.round(200 - 30 * t)];
    const w = coverage(wall, x, y) * 0.55;
    [r, g, b] = [r + (255 - r) * w, g + (255 - g) * w, b + (255 - b) * w];
    const a = coverage(arrow, x, y);
    [r, g, b] = [r + (255 - r) * a, g + (214 - g) * a, b + (80 - b) * a];
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = Math.round(r);
    raw[o + 1] = Math.round(g);
    raw[o + 2] = Math.round(b);
    raw[o + 3] = Math.round(bg * 255);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
