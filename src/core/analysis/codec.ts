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
 * cache looks at, so they are in the head too, and so are the modules a file
 * loads at its top level (`startupImports`): a lazy require's finding follows
 * them through every file the handler's own files load.
 */
const HEAD_FIELDS = ['file', 'language', 'moduleName', 'handlers', 'classes', 'errors', 'constructions', 'constructedNames', 'facts', 'moduleCode', 'suppressions', 'layout', 'startupImports'] as const;

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
  return { head: head as unknown as Head, body: v8.serialize(body), bodyKeys: Object.keys(body) };
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

/** What a decoded model has not read yet: its body's bytes (and how to make it again), its packed head fields. */
interface Pending {
  body?: { encoded: EncodedModel; analyze?: () => FileModel };
  packed: Partial<Record<string, Uint8Array>>;
}

const pending = new WeakMap<object, Pending>();

function setOwn(model: object, key: string, value: unknown): void {
  Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Reads the body into the model's own properties, once. */
function decodeBody(model: object): Record<string, unknown> {
  const state = pending.get(model)!;
  const { encoded, analyze } = state.body!;
  const body = bodyOf(encoded, analyze);
  // Only the decoded fields are kept from now on (the cache may hold the bytes longer).
  state.body = undefined;
  for (const key of encoded.bodyKeys) setOwn(model, key, body[key]);
  settle(model, state);
  return body;
}

function decodePacked(model: object, key: string): unknown {
  return setPacked(model, key, v8.deserialize(pending.get(model)!.packed[key]!));
}

/** A packed head field's value from now on (decoded, or written before it was read). */
function setPacked(model: object, key: string, value: unknown): unknown {
  const state = pending.get(model)!;
  delete state.packed[key];
  setOwn(model, key, value);
  settle(model, state);
  return value;
}

function settle(model: object, state: Pending): void {
  if (!state.body && Object.keys(state.packed).length === 0) pending.delete(model);
}

/**
 * One prototype per set of lazy fields: a getter per field that decodes on
 * first read and shadows itself with an own data property. Models built on
 * it keep V8's fast properties; accessors defined on each model had put
 * every cached model in dictionary mode, and every read of one of its fields
 * in the index went through a hash lookup.
 */
const prototypes = new Map<string, object>();

function lazyPrototype(bodyKeys: readonly string[], packedKeys: readonly string[]): object {
  const signature = `${bodyKeys.join(',')}|${packedKeys.join(',')}`;
  let prototype = prototypes.get(signature);
  if (prototype) return prototype;
  prototype = {};
  for (const key of bodyKeys) {
    Object.defineProperty(prototype, key, {
      get(this: object) {
        return decodeBody(this)[key];
      },
      set(this: object, value: unknown) {
        decodeBody(this);
        setOwn(this, key, value);
      },
      configurable: true,
    });
  }
  for (const key of packedKeys) {
    Object.defineProperty(prototype, key, {
      get(this: object) {
        return decodePacked(this, key);
      },
      set(this: object, value: unknown) {
        setPacked(this, key, value);
      },
      configurable: true,
    });
  }
  prototypes.set(signature, prototype);
  return prototype;
}

/**
 * The model back, with the body decoded on first access to any of its
 * fields: most files of a large project are never reached by a chain, and
 * decoding their calls would cost more than parsing them did. A body that
 * cannot be had (a cache entry damaged on disk) comes from `analyze` instead.
 * Until then the lazy fields are the prototype's, not the model's own: only
 * `encodeModel` lists a model's fields, and it is given fresh models.
 */
export function decodeModel(encoded: EncodedModel, analyze?: () => FileModel): FileModel {
  const { packed = {}, ...head } = encoded.head;
  const model = Object.assign(Object.create(lazyPrototype(encoded.bodyKeys, Object.keys(packed))) as object, head);
  pending.set(model, { body: { encoded, analyze }, packed: { ...packed } });
  return model as FileModel;
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
