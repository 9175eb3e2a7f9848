import { flaskLike } from './flaskLike';
import { WORKER_CONTEXT } from './common';

/** Flask: sync views hold a worker; async views run on a private loop per request. */
export const flask = flaskLike({
  framework: 'flask',
  module: 'flask',
  extensionModules: ['flask_restful', 'flask_restx', 'flask_smorest'],
  owners: ['flask.Flask()', 'flask.Blueprint()', 'flask_smorest.Blueprint()', 'flask_restx.Namespace()'],
  apiOwners: ['flask_restful.Api()', 'flask_restx.Api()', 'flask_restx.Namespace()', 'flask_smorest.Api()'],
  viewBases: [
    'flask.views.MethodView',
    'flask.views.View',
    'flask_restful.Resource',
    'flask_restx.Resource',
  ],
  contextByKind: WORKER_CONTEXT,
});
