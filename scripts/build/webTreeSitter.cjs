// An esbuild plugin that patches web-tree-sitter as the bundles carry it.
//
// 1. Its Node objects are cheaper to pass to and from its WASM. Every Node
//    method call writes the node into a transfer buffer (5 setValue calls)
//    and reads results back (5 getValue calls and a new Node per node).
//    - The buffer is read and written through an Int32 view, not emscripten's
//      setValue/getValue, which check a type string and go through a
//      DataView. The view is read from the module on each call, since
//      emscripten replaces it when the WASM memory grows; on a big-endian
//      host (WASM memory is little-endian) the library's own code runs.
//    - A Node keeps its WASM handle in a named property set in the
//      constructor, not in an indexed class field: that gave each Node an
//      elements store of its own.
//    Measured on the 600-file bench tree's Python scan (medians of 8 paired
//    runs): the views 1.37 -> 1.21 s wall, 1.86 -> 1.68 s user; the handle
//    1.27 -> 1.17 and 1.40 -> 1.35 s wall in two sets.
// 2. Its ES module build loads Node's `fs/promises` and `module` with
//    `await import()`. In a CommonJS bundle `require` does the same, and a
//    bundle without dynamic imports can run from V8's code cache
//    (src/core/codeCache.ts: V8 refuses a cached script that imports
//    dynamically).
//
// The replaced text is matched exactly: a web-tree-sitter version that reads
// differently fails the build here rather than bundling a half-patched library.

const LITTLE_ENDIAN = 'new Uint8Array(Uint32Array.of(1).buffer)[0] === 1';

/** The head of web-tree-sitter's Node constructor, up to its first assignment. */
const NODE_CONSTRUCTOR = `  constructor(internal, {
    id,
    tree,
    startIndex,
    startPosition,
    other
  }) {
    assertInternal(internal);
`;

const REPLACEMENTS = [
  {
    what: 'the dynamic import of fs/promises',
    only: 'tree-sitter.js',
    from: `const fs2 = await import("fs/promises");`,
    to: `const fs2 = require("fs/promises");`,
  },
  {
    what: 'the dynamic import of module',
    only: 'tree-sitter.js',
    // Without it the bundle's own require serves: the local one shadowed it in the whole function.
    from: `    if (ENVIRONMENT_IS_NODE) {
      const { createRequire } = await import("module");
      var require = createRequire(import.meta.url);
    }
`,
    to: '',
  },
  {
    what: 'the Node class fields',
    from: `  /** @internal */
  [0] = 0;
  // Internal handle for WASM
  /** @internal */
  _children;
  /** @internal */
  _namedChildren;
  /** @internal */
${NODE_CONSTRUCTOR}    this[0] = other;`,
    to: `${NODE_CONSTRUCTOR}    this._handle = other;
    this._children = void 0;
    this._namedChildren = void 0;`,
  },
  {
    what: 'the Node handle read by marshalNode',
    from: `  C.setValue(address, node[0], "i32");`,
    to: `  C.setValue(address, node._handle, "i32");`,
  },
  {
    what: 'marshalNode',
    from: `function marshalNode(node, index = 0) {
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;`,
    to: `const __unblockLittleEndian = ${LITTLE_ENDIAN};
function marshalNode(node, index = 0) {
  if (__unblockLittleEndian) {
    const heap = C.HEAP32, at = (TRANSFER_BUFFER + index * SIZE_OF_NODE) >> 2;
    heap[at] = node.id;
    heap[at + 1] = node.startIndex;
    heap[at + 2] = node.startPosition.row;
    heap[at + 3] = node.startPosition.column;
    heap[at + 4] = node._handle;
    return;
  }
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;`,
  },
  {
    what: 'unmarshalNode',
    from: `function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  const id = C.getValue(address, "i32");`,
    to: `function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  if (__unblockLittleEndian) {
    const heap = C.HEAP32, at = address >> 2;
    const id = heap[at];
    if (id === 0) return null;
    return new Node(INTERNAL, { id, tree, startIndex: heap[at + 1], startPosition: { row: heap[at + 2], column: heap[at + 3] }, other: heap[at + 4] });
  }
  const id = C.getValue(address, "i32");`,
  },
];

function patchWebTreeSitter(source, file) {
  let patched = source;
  for (const { what, only, from, to } of REPLACEMENTS) {
    if (only && !file.endsWith(only)) continue;
    const count = patched.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: expected web-tree-sitter's ${what} once, found it ${count} times; update scripts/build/webTreeSitter.cjs for this version`);
    patched = patched.replace(from, () => to);
  }
  return patched;
}

const webTreeSitter = {
  name: 'web-tree-sitter',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.c?js$/ }, async (args) => {
      const { readFile } = require('node:fs/promises');
      return { contents: patchWebTreeSitter(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

module.exports = { patchWebTreeSitter, webTreeSitter };
