import { flaskLike } from './flaskLike';

/** Flask: sync views hold a worker; async views run on a private loop per request. */
export const flask = flaskLike({
  framework: 'flask',
  module: 'flask',
  owners: ['flask.Flask()', 'flask.Blueprint()'],
  viewBases: ['flask.views.MethodView', 'flask.views.View', 'flask.MethodView', 'flask.View'],
  contextByKind: { sync: 'sync-worker', async: 'private-loop' },
});
