/**
 * Handlers that are not routes: python-socketio / Flask-SocketIO events, and
 * the callbacks Flask and its extensions run on the request path (Flask-Login
 * loaders, Flask-HTTPAuth verifiers, template filters, URL preprocessors),
 * including objects imported from the module that creates them (microblog's
 * `from app import login`).
 */
import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';
import { py, scanTree } from './scanTree';

describe('python handlers: socket.io events and request-path callbacks', () => {
  it('python-socketio: AsyncServer events on the loop, a gevent Server cooperative, namespaces and sio.on(name, fn)', async () => {
    const model = await analyze(`
import socketio

sio = socketio.AsyncServer(async_mode="asgi")

@sio.event
async def connect(sid, environ):
    pass

@sio.on("chat message")
def chat(sid, data):
    pass

def typing(sid):
    pass

sio.on("typing", typing)

class ChatNamespace(socketio.AsyncNamespace):
    async def on_join(self, sid, room):
        pass

    def helper(self):
        pass
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':connect', framework: 'socketio', route: 'connect' },
      { ref: ':chat', framework: 'socketio', route: 'chat message' },
      { ref: ':typing', framework: 'socketio', route: 'typing' },
      { ref: ':ChatNamespace', framework: 'socketio', route: 'namespace', classMethods: ['on_*'] },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'event-loop', async: 'event-loop' });
    const gevent = await analyze(`
import socketio
sio = socketio.Server(async_mode="gevent")

@sio.on("message")
def message(sid, data):
    pass
`);
    assert.deepStrictEqual(gevent.handlers.map((h) => [h.ref.name, h.contextByKind?.sync]), [['message', 'cooperative']]);
  });

  it('Flask-SocketIO and Flask-Login / Flask-HTTPAuth callbacks on objects imported from the app package', async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': py(
        'from flask import Flask',
        'from flask_login import LoginManager',
        'from flask_socketio import SocketIO',
        '',
        'app = Flask(__name__)',
        'login = LoginManager(app)',
        'socketio = SocketIO(app)',
        '',
        '@app.template_filter("money")',
        'def money(value):',
        '    return f"{value:.2f}"',
        '',
        'app.add_template_filter(str.upper, "upper")',
        '',
        '@app.url_value_preprocessor',
        'def pull_lang(endpoint, values):',
        '    pass',
      ),
      'app/models.py': py(
        'import requests',
        'from app import login',
        '',
        '@login.user_loader',
        'def load_user(user_id):',
        '    return requests.get("https://users.example.com/" + user_id, timeout=5).json()',
      ),
      'app/events.py': py(
        'import time',
        'from app import socketio',
        '',
        '@socketio.on("ping")',
        'def ping(data):',
        '    time.sleep(1)',
      ),
      'app/api/__init__.py': '',
      'app/api/auth.py': py(
        'from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth',
        '',
        'basic_auth = HTTPBasicAuth()',
        'token_auth = HTTPTokenAuth()',
        '',
        '@basic_auth.verify_password',
        'def verify_password(username, password):',
        '    return True',
        '',
        '@token_auth.verify_token',
        'def verify_token(token):',
        '    return None',
      ),
      'app/other.py': py(
        'from app import app',
        '',
        '@app.user_loader',
        'def not_a_loader(user_id):',
        '    pass',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/__init__.py money flask template_filter sync-worker',
      'app/__init__.py pull_lang flask url_value_preprocessor sync-worker',
      'app/api/auth.py verify_password flask verify_password sync-worker',
      'app/api/auth.py verify_token flask verify_token sync-worker',
      'app/events.py ping socketio ping sync-worker',
      'app/models.py load_user flask user_loader sync-worker',
    ]);
    assert.ok(findings.includes('app/models.py:6 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('app/events.py:6 py/blocking-sleep'), findings.join('\n'));
  });
});
