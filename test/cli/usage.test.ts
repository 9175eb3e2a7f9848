import * as assert from 'assert';
import * as path from 'path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { REPO, runCli, TEST_CACHE_DIR } from './run-cli';

const version = require('../../../package.json').version as string;

describe('unblock command line: usage', () => {
  it('prints the version', () => {
    const run = runCli(['--version']);
    assert.strictEqual(run.status, 0);
    assert.strictEqual(run.stdout, `${version}\n`);
  });

  it('prints help for --help, -h and help', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['scan', '--help']]) {
      const run = runCli(args);
      assert.strictEqual(run.status, 0, args.join(' '));
      assert.match(run.stdout, /^Usage: unblock <command> \[options\]/);
      assert.match(run.stdout, /--format <fmt>/);
      assert.match(run.stdout, /server --stdio +Run the language server/);
    }
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /missing command/],
    [['lint'], /unknown command "lint"/],
    [['scan', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['scan', '--format', 'xml'], /invalid --format "xml": expected one of text, json, sarif, markdown/],
    [['scan', '--scope', 'some'], /invalid --scope "some": expected one of handlers, async, all/],
    [['scan', '--max-depth', 'deep'], /invalid --max-depth "deep"/],
    [['scan', '--config', 'no-such-config.json'], /config file not found: no-such-config\.json/],
    [['server'], /server needs exactly one of --stdio, --node-ipc, --socket=<port>/],
    [['server', '--stdio', '--verbose'], /unknown server option "--verbose"/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 with a message and no stack for: unblock ${args.join(' ')}`, () => {
      const run = runCli(args);
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run "unblock --help" for usage/);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      assert.strictEqual(run.stdout, '');
    });
  }

  it('--exit-zero keeps exit 0 although the examples have findings', () => {
    const plain = runCli(['scan', 'examples/flask-sync', '--format', 'json']);
    assert.strictEqual(plain.status, 1);
    const zero = runCli(['scan', 'examples/flask-sync', '--format', 'json', '--exit-zero']);
    assert.strictEqual(zero.status, 0);
    assert.deepStrictEqual(JSON.parse(zero.stdout).findings, JSON.parse(plain.stdout).findings);
  });

  it('runs through bin/unblock.js (the bundle)', () => {
    const run = runCli(['--version'], { script: path.join(REPO, 'bin/unblock.js') });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, `${version}\n`);
  });

  describe('internal errors', () => {
    const failingIO = (env: NodeJS.ProcessEnv) => {
      const err: string[] = [];
      const io: CliIO = {
        cwd: REPO,
        env,
        stdoutIsTTY: false,
        stderrIsTTY: false,
        stdout: () => {
          throw new Error('disk full');
        },
        stderr: (text) => err.push(text),
        progress: () => undefined,
      };
      return { io, err };
    };

    it('exit 2 with the message only', async () => {
      const { io, err } = failingIO({});
      assert.strictEqual(await main(['--version'], io), 2);
      assert.strictEqual(err.join(''), 'unblock: internal error: disk full\n');
    });

    it('adds the stack trace under UNBLOCK_DEBUG', async () => {
      const { io, err } = failingIO({ UNBLOCK_DEBUG: '1' });
      assert.strictEqual(await main(['--version'], io), 2);
      assert.match(err.join(''), /disk full\n.*\n\s+at /s);
    });
  });
});

describe('unblock command line: output closed early', () => {
  it('exits quietly when the reader of its output goes away (`| head`)', () => {
    const { spawnSync } = require('child_process') as typeof import('child_process');
    const run = spawnSync('bash', ['-c', `set -o pipefail; node "${path.join(REPO, 'bin/unblock.js')}" scan examples --format sarif --exit-zero | head -c 100 > /dev/null`], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, UNBLOCK_CACHE_DIR: TEST_CACHE_DIR },
    });
    assert.doesNotMatch(run.stderr, /EPIPE|Unhandled/);
    assert.strictEqual(run.status, 0, run.stderr);
  });
});
