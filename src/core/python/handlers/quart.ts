import { flaskLike } from './flaskLike';

/** Quart: async views share the loop; sync views run in an executor. */
export const quart = flaskLike({
  framework: 'quart',
  module: 'quart',
  owners: ['quart.Quart()', 'quart.Blueprint()'],
  viewBases: ['quart.views.MethodView', 'quart.views.View'],
  contextByKind: { sync: 'threadpool', async: 'event-loop' },
});
