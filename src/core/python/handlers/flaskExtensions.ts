import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  decoratorParts,
  functionHandler,
  type FrameworkMatcher,
  owned,
  ownership,
  WORKER_CONTEXT,
} from './common';

/**
 * Flask extensions that call project functions on the request path: Flask-Login
 * loads the user through `user_loader`/`request_loader` on every request that
 * touches `current_user`; Flask-HTTPAuth runs `verify_password`/`verify_token`
 * before each protected view. They run where the view runs: a worker.
 */

const CALLBACKS: Array<{ owners: string[]; module: string; decorators: string[] }> = [
  {
    owners: ['flask_login.LoginManager()', 'flask_login.login_manager.LoginManager()'],
    module: 'flask_login',
    decorators: ['user_loader', 'request_loader', 'header_loader', 'unauthorized_handler', 'needs_refresh_handler'],
  },
  {
    owners: ['flask_httpauth.HTTPBasicAuth()', 'flask_httpauth.HTTPTokenAuth()', 'flask_httpauth.HTTPDigestAuth()', 'flask_httpauth.MultiAuth()'],
    module: 'flask_httpauth',
    decorators: ['verify_password', 'verify_token', 'get_password', 'get_user_roles', 'hash_password', 'error_handler'],
  },
];

export const flaskExtensions: FrameworkMatcher = {
  framework: 'flask',
  match(facts: PyFileFacts): HandlerInfo[] {
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const parts = decoratorParts(dec);
        if (!parts) continue;
        for (const callbacks of CALLBACKS) {
          if (!callbacks.decorators.includes(parts.attr)) continue;
          // An untyped owner (`from app import login`) counts in a file importing the extension only.
          const own = ownership(parts, callbacks.owners, facts, callbacks.module, true);
          // Loaders and verifiers are called back by the extension on the request path.
          if (own) handlers.push(owned({ ...functionHandler(fn, dec.node, facts, 'flask', WORKER_CONTEXT, parts.attr), kind: 'callback' }, own));
        }
      }
    }
    return handlers;
  },
};
