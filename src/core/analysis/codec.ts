import * as v8 from 'v8';
import type { FileModel } from '../model';
import { classLayoutOf } from '../index/overrides';
import { siteName } from '../index/values';
import { shareStrings } from './sharedStrings';
import type { ByteSlabs } from './byteSlabs';

/**
 * What the workspace index reads of every file before it knows which files
 * matter (handlers, class bases, errors, construction sites, the facts the
 * frameworks' project passes read, and the module-level code from which what
 * runs at startup is followed); the rest (functions with their calls,
 * exports, suppressions) is only read for files a chain reaches. With the
 * module code in the body, following startup decoded every file (saleor: 2,617
 * bodies of 4,337 in a warm scan; 913 with it in the head). Suppressions
 * and the class layout are read for every file a finding or the findings
 * cache looks at, so they are in the head too.
 */
const HEAD_FIELDS = ['file', 'language', 'moduleName', 'handlers', 'classes', 'errors', 'constructions', 'constructedNames', 'facts', 'moduleCode', 'suppressions', 'layout'] as const;

/**
 * Head fields kept as bytes in the head, each decoded on its first read:
 * the module code is only followed when the startup set is not cached, and
 * construction sites are read only for the names a value needs
 * (`constructedNames` says which files have them). As objects they were
 * over half of a warm scan's cache index (saleor: 7.4 and 3.7 of 20 MB),
 * all of it garbage the collector then walks.
 */
const PACKED_HEAD_FIELDS = ['moduleCode', 'constructions'] as const;
type PackedField = (typeof PACKED_HEAD_FIELDS)[number];

type Head = Omit<Pick<FileModel, (typeof HEAD_FIELDS)[number]>, PackedField> & { packed?: Partial<Record<PackedField, Uint8Array>> };

/** A file model as bytes-plus-head: how models cross threads and sit in the cache. */
export interface EncodedModel {
  head: Head;
  /** V8-serialized: every field of the model not in the head. */
  body: Uint8Array;
  /** The names of those fields, so each can be read before the body is decoded. */
  bodyKeys: string[];
  /** The model holds a result decided against the clock (`facts.volatile`): not to be cached. */
  volatile: boolean;
}

export function encodeModel(model: FileModel): EncodedModel {
  const head: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    if ((HEAD_FIELDS as readonly string[]).includes(key)) head[key] = value;
    else body[key] = value;
  }
  // Derived while the model is whole: read later without decoding the body.
  head.layout ??= classLayoutOf(model);
  if (model.constructions) head.constructedNames ??= [...new Set(model.constructions.map(siteName))];
  const packed: Record<string, Uint8Array> = {};
  for (const key of PACKED_HEAD_FIELDS) {
    if (head[key] === undefined) continue;
    packed[key] = v8.serialize(head[key]);
    delete head[key];
  }
  head.packed = packed;
  return { head: head as unknown as Head, body: v8.serialize(body), bodyKeys: Object.keys(body), volatile: Boolean(model.facts?.volatile) };
}

/**
 * `encoded` with its bytes copied into slabs (byteSlabs.ts): the body into
 * `bodies`, freed once decoded or placed in the cache's pack, the packed head
 * fields into `heads`, kept as long as the model.
 */
export function inSlabs(encoded: EncodedModel, slabs: { bodies: ByteSlabs; heads: ByteSlabs }): EncodedModel {
  const packed = Object.fromEntries(Object.entries(encoded.head.packed ?? {}).map(([key, bytes]) => [key, slabs.heads.copy(bytes)]));
  return { ...encoded, head: { ...encoded.head, packed }, body: slabs.bodies.copy(encoded.body) };
}

/**
 * The model back, with the body decoded on first access to any of its
 * fields: most files of a large project are never reached by a chain, and
 * decoding their calls would cost more than parsing them did. A body that
 * cannot be had (a cache entry damaged on disk) comes from `analyze` instead.
 */
export function decodeModel(encoded: EncodedModel, analyze?: () => FileModel): FileModel {
  const { packed, ...head } = encoded.head;
  const model = head as Record<string, unknown>;
  for (const [key, bytes] of Object.entries(packed ?? {})) {
    Object.defineProperty(model, key, {
      get: () => {
        const value: unknown = v8.deserialize(bytes);
        Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true });
        return value;
      },
      set: (value: unknown) => Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true }),
      enumerable: true,
      configurable: true,
    });
  }
  let body: Record<string, unknown> | undefined;
  // Kept until the first read, then only the decoded fields (the cache may hold the bytes longer).
  let pending: EncodedModel | undefined = encoded;
  const decoded = (): Record<string, unknown> => {
    if (!body) {
      body = bodyOf(pending!, analyze);
      pending = undefined;
      // Plain data properties from now on: later reads cost nothing, writes behave as usual.
      for (const [key, value] of Object.entries(body)) {
        Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true });
      }
    }
    return body;
  };
  for (const key of encoded.bodyKeys) {
    Object.defineProperty(model, key, {
      get: () => decoded()[key],
      set: (value: unknown) => {
        decoded();
        Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    });
  }
  return model as unknown as FileModel;
}

function bodyOf(encoded: EncodedModel, analyze: (() => FileModel) | undefined): Record<string, unknown> {
  try {
    const body = v8.deserialize(encoded.body) as Record<string, unknown>;
    shareStrings(body);
    return body;
  } catch (error) {
    if (!analyze) throw error;
    const fresh = analyze() as unknown as Record<string, unknown>;
    return Object.fromEntries(encoded.bodyKeys.map((key) => [key, fresh[key]]));
  }
}
