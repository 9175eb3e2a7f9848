// An esbuild plugin that makes web-tree-sitter pass nodes to and from its WASM
// through Int32 views instead of emscripten's generic setValue/getValue.
//
// Every Node method call writes the node into a transfer buffer (5 setValue
// calls) and reads results back (5 getValue calls per node returned); each of
// those checks its type string and goes through a DataView. That was 10% of a
// Python scan's CPU (600-file bench tree: 1.37 -> 1.21 s wall, 1.86 -> 1.68 s
// user, medians of 8 paired runs). The views are read from the module on each
// call, since emscripten replaces them when the WASM memory grows; on a
// big-endian host (WASM memory is little-endian) the library's own code runs.
//
// The replaced text is matched exactly: a web-tree-sitter version whose
// marshalling reads differently fails the build here rather than bundling a
// half-patched library.

const LITTLE_ENDIAN = 'new Uint8Array(Uint32Array.of(1).buffer)[0] === 1';

const REPLACEMENTS = [
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
    heap[at + 4] = node[0];
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

function patchTreeSitterMarshal(source, file) {
  let patched = source;
  for (const { what, from, to } of REPLACEMENTS) {
    const count = patched.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: expected web-tree-sitter's ${what} once, found it ${count} times; update scripts/build/treeSitterMarshal.mjs for this version`);
    patched = patched.replace(from, () => to);
  }
  return patched;
}

const treeSitterMarshal = {
  name: 'tree-sitter-marshal',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.c?js$/ }, async (args) => {
      const { readFile } = require('node:fs/promises');
      return { contents: patchTreeSitterMarshal(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

module.exports = { patchTreeSitterMarshal, treeSitterMarshal };
