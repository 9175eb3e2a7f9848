import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { scratchDir } from '../helpers/scratch';

async function project(files: Record<string, string>): Promise<{ engine: Engine; dir: string; set(name: string, text: string): void }> {
  const dir = scratchDir('unblock-edges-');
  const engine = await Engine.create([dir], undefined, {});
  const set = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    engine.setFile(file, text);
  };
  for (const [name, text] of Object.entries(files)) set(name, text);
  return { engine, dir, set };
}

function chains(findings: Finding[], dir: string): string[] {
  return findings
    .filter((f) => f.rule === 'py/via-call')
    .map((f) => `${path.relative(dir, f.file)}:${f.range.line} ${f.chain.map((h) => (h.via ? `${h.name} (${h.via})` : h.name)).join(' → ')}`);
}

const MAIN = `from fastapi import FastAPI
from .base import Storage

app = FastAPI()

@app.get("/")
async def save(storage: Storage):
    return storage.save(b"x")
`;

describe('index: edges across files', () => {
  it('reaches an override defined in another file, and drops it when the override goes', async () => {
    const { engine, dir, set } = await project({
      'app/__init__.py': '',
      'app/main.py': MAIN,
      'app/base.py': 'class Storage:\n    def save(self, data):\n        return None\n',
      'app/disk.py': 'from .base import Storage\n\nclass Disk(Storage):\n    def save(self, data):\n        open("/x", "wb").write(data)\n',
    });
    assert.deepStrictEqual(chains(engine.findings(), dir), ['app/main.py:8 save → Disk.save (override in Disk) → builtins.open().write']);
    // Editing the subclass so it no longer overrides (a layout change) must reach the cached caller.
    set('app/disk.py', 'from .base import Storage\n\nclass Disk(Storage):\n    def store(self, data):\n        open("/x", "wb").write(data)\n');
    assert.deepStrictEqual(chains(engine.findings(), dir), []);
    // A new subclass elsewhere is picked up too.
    set('app/s3.py', 'import time\nfrom .base import Storage\n\nclass S3(Storage):\n    def save(self, data):\n        time.sleep(1)\n');
    assert.deepStrictEqual(chains(engine.findings(), dir), ['app/main.py:8 save → S3.save (override in S3) → time.sleep']);
  });

  it("a method inherited from a shared base reaches overrides in the receiver's subclasses only, not in its siblings (maubot's loaders)", async () => {
    const { engine, dir } = await project({
      'app/__init__.py': '',
      'app/loader/__init__.py': '',
      'app/loader/abc.py': [
        'class BasePluginLoader:',
        '    def read_file(self, path):',
        '        raise NotImplementedError',
        '',
        'class PluginLoader(BasePluginLoader):',
        '    @classmethod',
        '    def find(cls, name) -> "PluginLoader":',
        '        return cls.cache[name]',
        '',
      ].join('\n'),
      'app/loader/zip.py': 'import time\nfrom .abc import PluginLoader\n\nclass ZippedPluginLoader(PluginLoader):\n    def read_file(self, path):\n        time.sleep(1)\n',
      'app/standalone/__init__.py': '',
      'app/standalone/loader.py': 'from ..loader.abc import BasePluginLoader\n\nclass FileSystemLoader(BasePluginLoader):\n    def read_file(self, path):\n        return open(path).read()\n',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from .loader.abc import PluginLoader',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/plugin/{name}")',
        'async def plugin(name: str):',
        '    loader: PluginLoader = PluginLoader.find(name)',
        '    return loader.read_file("maubot.yaml")',
        '',
      ].join('\n'),
    });
    const reported = engine.findings().map((f) => `${path.relative(dir, f.file)}:${f.range.line} ${f.rule}`);
    assert.deepStrictEqual(reported.sort(), ['app/loader/zip.py:6 py/blocking-sleep', 'app/main.py:9 py/via-call']);
    assert.deepStrictEqual(chains(engine.findings(), dir), [
      'app/main.py:9 plugin → ZippedPluginLoader.read_file (override in ZippedPluginLoader) → time.sleep',
    ]);
  });

  it("an abstract method reached through a declared type runs its subclasses' overrides, in any module (pgAdmin's get_llm_client() -> LLMClient, lnbits's funding_source: Wallet); a base method with a body of its own does not", async () => {
    const { engine, dir } = await project({
      'pkg/__init__.py': '',
      'pkg/client.py': [
        'from abc import ABC, abstractmethod',
        '',
        'class LLMClient(ABC):',
        '    @abstractmethod',
        '    def chat(self, messages):',
        '        """Sends the messages."""',
        '',
        '    def describe(self):',
        '        return "client"',
        '',
        'class Wallet:',
        '    async def create_invoice(self, amount):',
        '        raise NotImplementedError("each backend")',
        '',
        'def get_llm_client(provider=None) -> LLMClient:',
        '    from pkg.providers.anthropic import AnthropicClient',
        '    return AnthropicClient()',
        '',
        'def get_wallet() -> Wallet:',
        '    from pkg.providers.strike import StrikeWallet',
        '    return StrikeWallet()',
        '',
        'funding_source: Wallet = get_wallet()',
        '',
      ].join('\n'),
      'pkg/providers/__init__.py': '',
      'pkg/providers/anthropic.py': [
        'import time',
        'import urllib.request',
        'from pkg.client import LLMClient',
        '',
        'class AnthropicClient(LLMClient):',
        '    def chat(self, messages):',
        '        return urllib.request.urlopen("http://x", timeout=120)',
        '',
        '    def describe(self):',
        '        time.sleep(1)',
        '',
      ].join('\n'),
      'pkg/providers/strike.py': 'from pkg.client import Wallet\n\nclass StrikeWallet(Wallet):\n    async def create_invoice(self, amount):\n        open("/tmp/pending", "w").write(str(amount))\n',
      'pkg/app.py': [
        'from fastapi import FastAPI',
        'from pkg.client import funding_source, get_llm_client',
        '',
        'app = FastAPI()',
        '',
        '@app.post("/report")',
        'async def report():',
        '    get_llm_client().describe()',
        '    return get_llm_client().chat([])',
        '',
        '@app.post("/invoice")',
        'async def invoice(amount: int):',
        '    return await funding_source.create_invoice(amount)',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(chains(engine.findings(), dir).sort(), [
      'pkg/app.py:13 invoice → StrikeWallet.create_invoice (override in StrikeWallet) → builtins.open().write',
      'pkg/app.py:9 report → AnthropicClient.chat (override in AnthropicClient) → urllib.request.urlopen',
    ]);
  });

  it('follows a method a class inherits from a base in another file, and edits of its body', async () => {
    const { engine, dir, set } = await project({
      'app/__init__.py': '',
      'app/base.py': 'class BaseHandler:\n    def current(self):\n        return None\n',
      'app/views.py': `from fastapi import FastAPI
from .base import BaseHandler

app = FastAPI()

class Users(BaseHandler):
    def list(self):
        return self.current()

@app.get("/")
async def users():
    return Users().list()
`,
    });
    assert.deepStrictEqual(chains(engine.findings(), dir), []);
    set('app/base.py', 'import time\n\nclass BaseHandler:\n    def current(self):\n        time.sleep(1)\n');
    assert.deepStrictEqual(chains(engine.findings(), dir), ['app/views.py:12 users → Users.list → BaseHandler.current → time.sleep']);
  });

  it('gives no rewrite for a site that is no call (a callback), only the suppression', async () => {
    const { engine } = await project({
      'app/__init__.py': '',
      'app/main.py': `import asyncio
import time
from fastapi import FastAPI

app = FastAPI()

def tick():
    time.sleep(1)

@app.get("/")
async def index():
    asyncio.get_running_loop().call_soon(tick)
`,
    });
    const via = engine.findings().find((f) => f.rule === 'py/via-call')!;
    assert.strictEqual(via.edge, 'callback passed to call_soon');
    assert.match(via.message, /^`tick` \(callback passed to call_soon\) reaches `time.sleep`/);
    assert.deepStrictEqual(via.fixes.map((f) => f.kind), ['suppress']);
  });
});
