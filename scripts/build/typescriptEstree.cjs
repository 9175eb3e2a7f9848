// An esbuild plugin that patches typescript-estree as dist/typescript.js
// carries it: the analyzer reads ranges, never `loc` (parse.ts asks for
// `loc: false`; lines and columns come from the file's line index).
//
// With `loc: false` the converter still made a `loc` for every node (two
// binary searches over the line starts, three objects), then walked the whole
// tree again to delete it, which left some nodes in V8's slow dictionary mode.
// Here every node shares one `loc` that nothing reads, and the walk is gone.
// Errors keep their real lines and columns (node-utils' `createError` is not
// patched).
//
// The deprecated aliases (`assertions` of an import or export, an enum's
// `members`…) were getters: a closure per node holding the node and the
// converter, with the whole TypeScript tree. V8 keeps an accessor in the
// object's hidden class, which lives in the old generation, so a
// young-generation collection counted every converted file reachable until
// the next full one (a third of a JS/TS scan's scavenges). With
// `suppressDeprecatedPropertyWarnings`, the only way the analyzer parses,
// each alias is now a plain property, as hidden as the getter and holding the
// same value (nothing reassigns a fresh node's properties).
//
// Each module of the library took TypeScript as `__importStar(require("typescript"))`:
// a copy of TypeScript's 2,244 exports as getters, made 19 times while the
// bundle loaded, and a getter call on every `ts.SyntaxKind` the converter
// reads afterwards. The modules now take TypeScript's exports object itself
// (none reads a `default` from it): the bundle loads about 0.1 s sooner.
//
// Tests run the unpatched library from out/: the ESTree they see is the same
// but for `loc` and the aliases' kind of property.
//
// The replaced text is matched exactly: a typescript-estree version that
// reads differently fails the build here rather than bundling a half-patched
// library.

const SHARED_LOC = `const __unblockSharedLoc = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
const __unblockLoc = () => __unblockSharedLoc;
const __unblockPosition = () => __unblockSharedLoc.start;
const __unblockAlias = (node, key, value) => Object.defineProperty(node, key, { configurable: true, writable: true, value });
`;

const PATCHES = [
  {
    file: /[\\/]typescript-estree[\\/]dist[\\/]convert\.js$/,
    replacements: [
      { what: "the converter's loc", from: '(0, node_utils_1.getLocFor)(', to: '__unblockLoc(', times: 5 },
      { what: "the converter's loc corrections", from: '(0, node_utils_1.getLineAndCharacterFor)(', to: '__unblockPosition(', times: 3 },
      {
        what: 'the deprecated alias getter',
        from: '    #withDeprecatedAliasGetter(node, aliasKey, valueKey, suppressWarnings = false) {\n',
        to: '    #withDeprecatedAliasGetter(node, aliasKey, valueKey, suppressWarnings = false) {\n        if (this.options.suppressDeprecatedPropertyWarnings) return __unblockAlias(node, aliasKey, node[valueKey]);\n',
        times: 1,
      },
      {
        what: 'the deprecated property getter',
        from: '    #withDeprecatedGetter(node, deprecatedKey, preferredKey, value) {\n',
        to: '    #withDeprecatedGetter(node, deprecatedKey, preferredKey, value) {\n        if (this.options.suppressDeprecatedPropertyWarnings) return __unblockAlias(node, deprecatedKey, value);\n',
        times: 1,
      },
      { what: 'the strict-mode directive', from: '"use strict";\n', to: `"use strict";\n${SHARED_LOC}`, times: 1 },
    ],
  },
  {
    file: /[\\/]typescript-estree[\\/]dist[\\/]ast-converter\.js$/,
    replacements: [{ what: 'the walk deleting loc', from: 'if (!parseSettings.range || !parseSettings.loc) {', to: 'if (!parseSettings.range) {', times: 1 }],
  },
  {
    file: /[\\/]typescript-estree[\\/]dist[\\/].*\.js$/,
    // Every module that imports TypeScript, however many there are in this version.
    replacements: [{ what: "the copy of TypeScript's exports", from: '__importStar(require("typescript"))', to: 'require("typescript")' }],
  },
];

function countOf(text, part) {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/**
 * `source` of `file` with its patches, or undefined when none changed it;
 * throws when the text differs from what a patch with a count expects.
 */
function patchTypescriptEstree(source, file) {
  let text = source;
  for (const patch of PATCHES.filter((p) => p.file.test(file))) {
    for (const { what, from, to, times } of patch.replacements) {
      const count = countOf(text, from);
      if (times !== undefined && count !== times) throw new Error(`${file}: expected typescript-estree's ${what} ${times} times, found it ${count} times; update scripts/build/typescriptEstree.cjs for this version`);
      text = text.split(from).join(to);
    }
  }
  return text === source ? undefined : text;
}

const typescriptEstree = {
  name: 'typescript-estree-patches',
  setup(build) {
    build.onLoad({ filter: /[\\/]typescript-estree[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const fs = require('fs');
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: patchTypescriptEstree(source, args.path) ?? source, loader: 'js' };
    });
  },
};

module.exports = { patchTypescriptEstree, typescriptEstree };
