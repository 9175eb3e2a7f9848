import * as assert from 'assert';
import { analyze, fn, targets } from './helpers';
import { rangeOfSite } from '../helpers/siteRange';

describe('python: robustness', () => {
  it('keeps the parts of a broken file that parse and reports the syntax error line', async () => {
    const model = await analyze(`
import time, requests

def good():
    time.sleep(1)

def broken(:
    pass

def also_good():
    requests.get("u")
`);
    assert.deepStrictEqual(
      model.errors.map((e) => e.message),
      ['syntax error at line 7'],
    );
    assert.deepStrictEqual(targets(model, 'good'), ['external:time.sleep']);
    assert.deepStrictEqual(targets(model, 'also_good'), ['external:requests.get']);
  });

  it('reports a missing token as a syntax error', async () => {
    const model = await analyze('import time\ndef f():\n    x = [1, 2\n    time.sleep(1)\n');
    assert.ok(model.errors.length >= 1);
    assert.match(model.errors[0].message, /^syntax error at line \d+$/);
    const all = [model.moduleCode, ...model.functions].flatMap((f) => f.calls.map((c) => c.text));
    assert.ok(all.includes('time.sleep'), all.join(','));
  });

  it('handles an empty file', async () => {
    const model = await analyze('');
    assert.deepStrictEqual(model.functions, []);
    assert.deepStrictEqual(model.moduleCode.calls, []);
    assert.deepStrictEqual(model.handlers, []);
    assert.deepStrictEqual(model.errors, []);
  });

  it('blanks long runs of comment lines for the parser, keeping offsets, suppressions and strings', async () => {
    const run = Array.from({ length: 30 }, (_, i) => (i === 10 ? '# unblock: ignore[py/blocking-sleep]' : `# note ${i}`)).join('\n');
    const doc = Array.from({ length: 30 }, (_, i) => `# inside a string ${i}`).join('\n');
    const text = `import time\n${run}\ndef f():\n    """\n${doc}\n    """\n    time.sleep(1)\n`;
    const model = await analyze(text);
    const call = fn(model, 'f').calls[0];
    assert.strictEqual(text.slice(call.span.start, call.span.end), 'time.sleep(1)');
    assert.strictEqual(rangeOfSite(model, call).line, 1 + 30 + 1 + 1 + 30 + 1 + 1);
    assert.ok(model.suppressions.has(12), JSON.stringify([...model.suppressions.keys()]));
  });

  it('gives UTF-16 columns and offsets', async () => {
    const model = await analyze('import time\ndef f():\n    s = "héllo"; time.sleep(1)\n');
    const call = fn(model, 'f').calls[0];
    assert.deepStrictEqual(rangeOfSite(model, call), { line: 3, column: 18, endLine: 3, endColumn: 31 });
    const text = 'import time\ndef f():\n    s = "héllo"; time.sleep(1)\n';
    assert.strictEqual(text.slice(call.span.start, call.span.end), 'time.sleep(1)');
    assert.strictEqual(call.text, 'time.sleep');
  });

  it('survives absurdly deep expressions and still records their calls', async () => {
    const sum = Array.from({ length: 20000 }, () => 'f(1)').join(' + ');
    const chain = `q${'.get()'.repeat(5000)}`;
    const model = await analyze(`import requests, time
x = ${sum}
def g():
    q = requests.Session()
    ${chain}
    time.sleep(1)
`);
    assert.deepStrictEqual(model.errors, []);
    assert.strictEqual(model.moduleCode.calls.length, 20000);
    const calls = fn(model, 'g').calls;
    assert.strictEqual(calls.length, 5002);
    assert.ok(calls.some((c) => c.target.kind === 'external' && c.target.name === 'time.sleep'));
    assert.ok(calls.some((c) => c.target.kind === 'external' && c.target.name === 'requests.Session().get'));
  });

  it('analyzes a 5 MB generated file without crashing', async function () {
    this.timeout(120000);
    const block = (i: number): string => `
class Service${i}:
    def __init__(self):
        self.session = requests.Session()

    def fetch(self, url):
        with open("f${i}") as fh:
            data = fh.read()
        return self.session.get(url, params={"k": [x for x in range(${i})]})

@app.route("/r${i}")
def handler_${i}():
    time.sleep(0.${i})
    return Service${i}().fetch("u")
`;
    const parts = ['import time, requests\nfrom flask import Flask\napp = Flask(__name__)\n'];
    let size = parts[0].length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const b = block(i);
      parts.push(b);
      size += b.length;
    }
    const model = await analyze(parts.join(''));
    const count = parts.length - 1;
    assert.strictEqual(model.errors.length, 0);
    assert.strictEqual(model.handlers.length, count);
    assert.strictEqual(model.functions.length, count * 3);
    assert.ok(targets(model, `Service${count - 1}.fetch`).includes('external:requests.Session().get'));
  });
});
