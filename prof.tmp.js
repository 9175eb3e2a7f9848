const D = '/work/main/node_modules/@typescript-eslint/typescript-estree/dist/';
const nu = require(D + 'node-utils.js');
const { parse } = require(D + 'index.js');
const fs = require('fs'); const text = fs.readFileSync('/work/corpus/outline/server/routes/api/documents/documents.ts', 'utf8');
const N = 60;
const time = (label, f) => { for (let i = 0; i < 20; i++) f(); const t = performance.now(); for (let i = 0; i < N; i++) f(); console.log(label, ((performance.now() - t) / N).toFixed(1), 'ms'); };
const opts = { loc: true, range: true, jsDocParsingMode: 'none', suppressDeprecatedPropertyWarnings: true, filePath: 'a.ts' };
if (process.argv[2] === 'lazy') {
  class LazyLoc { constructor(range, ast) { this.a = range[0]; this.b = range[1]; this.ast = ast; this.s = undefined; this.e = undefined; }
    get start() { return this.s ??= nu.getLineAndCharacterFor(this.a, this.ast); }
    set start(v) { this.s = v; }
    get end() { return this.e ??= nu.getLineAndCharacterFor(this.b, this.ast); }
    set end(v) { this.e = v; } }
  nu.getLocFor = (range, ast) => new LazyLoc(range, ast);
}
time(process.argv[2] || 'eager', () => parse(text, opts));
