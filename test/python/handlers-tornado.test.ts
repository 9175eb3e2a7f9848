import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

describe('python handlers: tornado', () => {
  it('finds RequestHandler and WebSocketHandler subclasses, including through local bases', async () => {
    const model = await analyze(`
import tornado.web
from tornado.websocket import WebSocketHandler

class Base(tornado.web.RequestHandler):
    def prepare(self):
        pass

class Main(Base):
    def get(self):
        pass

class Socket(WebSocketHandler):
    def on_message(self, message):
        pass

class NotAHandler:
    def get(self):
        pass
`);
    const methods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'prepare', 'on_message', 'open'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':Base', framework: 'tornado', route: null, classMethods: methods },
      { ref: ':Main', framework: 'tornado', route: null, classMethods: methods },
      { ref: ':Socket', framework: 'tornado', route: null, classMethods: methods },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });

  it("finds subclasses of Tornado's own handlers (jupyterhub's LogoHandler(StaticFileHandler))", async () => {
    const model = await analyze(`
from tornado.web import StaticFileHandler, RedirectHandler

class LogoHandler(StaticFileHandler):
    def get(self):
        return super().get('')

class Moved(RedirectHandler):
    def prepare(self):
        pass

class Settings:
    def get(self):
        pass
`);
    assert.deepStrictEqual(
      handlerSummary(model).map((h) => h.ref),
      [':LogoHandler', ':Moved'],
    );
  });
});

describe('python handlers: tornado route tables', () => {
  it('takes routes from Application([...]) tuples and url() specs', async () => {
    const model = await analyze(`
import tornado.web
from tornado.web import url
from .handlers import Remote

class Main(tornado.web.RequestHandler):
    async def get(self):
        pass

class Plain(tornado.web.RequestHandler):
    def post(self):
        pass

def make_app():
    return tornado.web.Application([
        (r"/", Main),
        url(r"/remote", Remote, name="remote"),
    ])
`);
    const methods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'prepare', 'on_message', 'open'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':Main', framework: 'tornado', route: '/', classMethods: methods },
      { ref: '.handlers:Remote', framework: 'tornado', route: '/remote', classMethods: methods },
      { ref: ':Plain', framework: 'tornado', route: null, classMethods: methods },
    ]);
  });
});
