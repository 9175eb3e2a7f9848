import { iconvLite } from '../libraries';

/** How a source file's bytes map to its text, so a fix can write the same bytes back around its edits. */
export interface SourceEncoding {
  /** iconv-lite name: utf8, utf16le, utf16be, latin1, cp1252, ... */
  name: string;
  bom: boolean;
  /** False when the bytes were not valid in that encoding: writing the text back would change them. */
  lossless: boolean;
}

export interface Decoded {
  text: string;
  encoding: SourceEncoding;
}

/** PEP 263: `# -*- coding: latin-1 -*-` on line 1 or 2. */
const CODING_LINE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function declaredPythonEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 400)).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  for (const line of lines) {
    const m = CODING_LINE.exec(line);
    if (m) return m[1].toLowerCase();
    // Only a comment or blank first line may precede the declaration.
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a source file: a BOM (UTF-8, UTF-16) wins, then a Python coding
 * declaration, else UTF-8. The BOM is not part of the text.
 */
export function decodeBytes(bytes: Uint8Array, file = ''): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), true);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconvLite().decode(Buffer.from(bytes.subarray(2)), 'utf16le'), encoding: { name: 'utf16le', bom: true, lossless: bytes.length % 2 === 0 } };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconvLite().decode(Buffer.from(bytes.subarray(2)), 'utf16be'), encoding: { name: 'utf16be', bom: true, lossless: bytes.length % 2 === 0 } };
  const declared = file.endsWith('.py') || file.endsWith('.pyi') ? declaredPythonEncoding(bytes) : undefined;
  if (declared && !/^utf-?8(-sig)?$/.test(declared) && iconvLite().encodingExists(declared)) {
    const text = iconvLite().decode(Buffer.from(bytes), declared);
    const lossless = Buffer.compare(iconvLite().encode(text, declared), Buffer.from(bytes)) === 0;
    return { text, encoding: { name: declared, bom: false, lossless } };
  }
  return utf8(bytes, false);
}

function utf8(bytes: Uint8Array, bom: boolean): Decoded {
  try {
    return { text: UTF8.decode(bytes), encoding: { name: 'utf8', bom, lossless: true } };
  } catch {
    // Invalid UTF-8: analyse what can be read, but never write it back (each bad byte became U+FFFD).
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), encoding: { name: 'utf8', bom, lossless: false } };
  }
}

/** The bytes of `text` in `encoding`, with its BOM. */
export function encodeText(text: string, encoding: SourceEncoding): Buffer {
  const body = encoding.name === 'utf8' ? Buffer.from(text, 'utf8') : iconvLite().encode(text, encoding.name);
  if (!encoding.bom) return body;
  const bom = encoding.name === 'utf8' ? [0xef, 0xbb, 0xbf] : encoding.name === 'utf16le' ? [0xff, 0xfe] : encoding.name === 'utf16be' ? [0xfe, 0xff] : [];
  return Buffer.concat([Buffer.from(bom), body]);
}

/** True when `text` survives a round trip through `encoding` (a fix may add characters it cannot hold). */
export function canEncode(text: string, encoding: SourceEncoding): boolean {
  if (encoding.name === 'utf8' || encoding.name.startsWith('utf16')) return true;
  return iconvLite().decode(iconvLite().encode(text, encoding.name), encoding.name) === text;
}
