import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { classKindHandlers, type ContextByKind, type FrameworkMatcher } from './common';

/**
 * Django Channels consumers. The consumer's dispatch calls a method named
 * after each message's type (`websocket.receive` → `websocket_receive`,
 * the generic consumers' `connect`/`receive`/`disconnect`, and a group
 * event `status.update` → `status_update`), so every public method may
 * serve a message. Async consumers run on the server's event loop; sync
 * ones run each message in a thread (`SyncToAsync`).
 */
const BASES = [
  'channels.consumer.AsyncConsumer',
  'channels.consumer.SyncConsumer',
  'channels.generic.websocket.AsyncWebsocketConsumer',
  'channels.generic.websocket.AsyncJsonWebsocketConsumer',
  'channels.generic.websocket.WebsocketConsumer',
  'channels.generic.websocket.JsonWebsocketConsumer',
  'channels.generic.http.AsyncHttpConsumer',
];
/** Any method whose name does not start with `_` (`roots.ts` methodWanted). */
const PUBLIC_METHODS = ['+'];
const CONSUMER_CONTEXT: ContextByKind = { sync: 'threadpool', async: 'event-loop' };
const CLASS_KINDS = [{ framework: 'channels', bases: BASES, classMethods: PUBLIC_METHODS, contextByKind: CONSUMER_CONTEXT, route: 'consumer', kind: 'websocket' as const }];

export const channels: FrameworkMatcher = {
  framework: 'channels',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    return facts.imports('channels') ? classKindHandlers(facts, CLASS_KINDS) : [];
  },
};
