/**
 * Django Channels consumers, scanned from disk: each public method may serve
 * a message (the consumer dispatches by the message's type), async ones on
 * the server's event loop, sync ones in a thread.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: Django Channels consumers', () => {
  it('async and sync consumers, in another module than their base; group event handlers count, private helpers and __init__ only as they are called', async () => {
    const { handlers, findings } = await scanTree({
      'proj/__init__.py': '',
      'proj/base.py': py('from channels.generic.websocket import AsyncJsonWebsocketConsumer', '', 'class BaseConsumer(AsyncJsonWebsocketConsumer):', '    pass'),
      'proj/consumers.py': py(
        'import time',
        'import requests',
        'from channels.generic.websocket import WebsocketConsumer',
        'from proj.base import BaseConsumer',
        '',
        'class StatusConsumer(BaseConsumer):',
        '    def __init__(self, *args, **kwargs):',
        '        super().__init__(*args, **kwargs)',
        '        self.started = time.time()',
        '',
        '    async def connect(self):',
        '        await self.accept()',
        '',
        '    async def status_update(self, event):',
        '        self._audit(event)',
        '        await self.send_json(event)',
        '',
        '    def _audit(self, event):',
        '        requests.post("http://audit", json=event, timeout=5)',
        '',
        'class ChatConsumer(WebsocketConsumer):',
        '    def receive(self, text_data=None, bytes_data=None):',
        '        time.sleep(0.1)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'proj/consumers.py ChatConsumer.receive channels consumer threadpool',
      'proj/consumers.py StatusConsumer.connect channels consumer event-loop',
      'proj/consumers.py StatusConsumer.status_update channels consumer event-loop',
    ]);
    // The helper's request runs on the loop from the group event; the sync consumer's sleep holds one thread of its pool.
    assert.ok(findings.includes('proj/consumers.py:19 py/blocking-http'), findings.join('\n'));
    assert.ok(!findings.some((f) => f.startsWith('proj/consumers.py:9 ')), findings.join('\n'));
  });
});
