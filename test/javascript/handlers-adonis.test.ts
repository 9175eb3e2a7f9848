/**
 * AdonisJS v6 in the layout its starter kits write: routes on the router
 * service naming `[Controller, 'method']` (imported or lazily), resources,
 * and middleware classes given to `server.use` / `router.named`, resolved
 * through package.json `imports` (`#controllers/*`). Scanned from disk.
 */
import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { tempProject } from './helpers';

describe('javascript handlers: AdonisJS', () => {
  it('controller methods named by routes and resources (also on a parameter typed as the router), and middleware handle() methods, serve on the event loop; other methods do not', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'adon', type: 'module', imports: { '#controllers/*': './app/controllers/*.js', '#middleware/*': './app/middleware/*.js' }, dependencies: { '@adonisjs/core': '6' } }),
      'start/routes.ts': [
        "import router from '@adonisjs/core/services/router'",
        "import PostsController from '#controllers/posts_controller'",
        "const UsersController = () => import('#controllers/users_controller')",
        "router.get('/', async () => ({ hello: 'world' }))",
        "router.get('users', [UsersController, 'index'])",
        "const ShowDashboard = () => import('#controllers/show_dashboard')",
        "router.get('dashboard', [ShowDashboard])",
        "router.resource('posts', PostsController)",
        '',
      ].join('\n'),
      // Routes split into functions of the router, typed as the router service.
      'start/routes/reports.ts': [
        "import type { HttpRouterService } from '@adonisjs/core/types'",
        "const UsersController = () => import('#controllers/users_controller')",
        "export const reportRoutes = (router: HttpRouterService) => { router.get('reports', [UsersController, 'report']) }",
        '',
      ].join('\n'),
      'start/kernel.ts': [
        "import router from '@adonisjs/core/services/router'",
        "import server from '@adonisjs/core/services/server'",
        "server.use([() => import('#middleware/container_bindings_middleware')])",
        "export const middleware = router.named({ auth: () => import('#middleware/auth_middleware') })",
        '',
      ].join('\n'),
      'app/controllers/users_controller.ts': [
        "import { readFileSync } from 'node:fs'",
        'export default class UsersController {',
        "  async index() { return readFileSync('users.json', 'utf8') }",
        "  async report() { return readFileSync('report.json', 'utf8') }",
        '}',
        '',
      ].join('\n'),
      'app/controllers/show_dashboard.ts': "import { readdirSync } from 'node:fs'\nexport default class ShowDashboard {\n  async handle() { return readdirSync('reports') }\n}\n",
      'app/controllers/posts_controller.ts': ["import { execSync } from 'node:child_process'", 'export default class PostsController {', "  async show() { return execSync('ls posts').toString() }", '}', ''].join('\n'),
      'app/middleware/auth_middleware.ts': [
        "import { scryptSync } from 'node:crypto'",
        'export default class AuthMiddleware {',
        "  async handle(ctx: any, next: () => Promise<void>) { scryptSync(ctx.request.header('authorization'), 'salt', 64); return next() }",
        '}',
        '',
      ].join('\n'),
      'app/middleware/container_bindings_middleware.ts': 'export default class ContainerBindingsMiddleware {\n  handle(ctx: any, next: any) { return next() }\n}\n',
    });
    const result = await scan([root], { fixes: false });
    const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
    assert.deepStrictEqual(result.handlers.map((h) => `${h.route} ${rel(h.file)}:${h.name} ${h.context}`).sort(), [
      '/ start/routes.ts:adonisjs GET / event-loop',
      'dashboard app/controllers/show_dashboard.ts:ShowDashboard.handle event-loop',
      'middleware app/middleware/auth_middleware.ts:AuthMiddleware.handle event-loop',
      'middleware app/middleware/container_bindings_middleware.ts:ContainerBindingsMiddleware.handle event-loop',
      'posts app/controllers/posts_controller.ts:PostsController.show event-loop',
      'reports app/controllers/users_controller.ts:UsersController.report event-loop',
      'users app/controllers/users_controller.ts:UsersController.index event-loop',
    ]);
    assert.deepStrictEqual(result.findings.map((f) => `${f.rule} ${rel(f.file)}:${f.range.line}`).sort(), [
      'js/sync-child-process app/controllers/posts_controller.ts:3',
      'js/sync-crypto app/middleware/auth_middleware.ts:3',
      'js/sync-fs app/controllers/show_dashboard.ts:3',
      'js/sync-fs app/controllers/users_controller.ts:3',
      'js/sync-fs app/controllers/users_controller.ts:4',
    ]);
  });

  it('AdonisJS 5: `Route` from the IoC container names controllers by string (`UsersController.index`, `Admin/ReportsController.store`, resources), found under app/Controllers/Http', async () => {
    const root = tempProject({
      'package.json': '{ "name": "a5", "dependencies": { "@adonisjs/core": "5" } }',
      'start/routes.ts': [
        "import Route from '@ioc:Adonis/Core/Route'",
        "import './routes/admin'",
        "Route.get('/users', 'UsersController.index')",
        "Route.resource('/posts', 'PostsController').apiOnly()",
        '',
      ].join('\n'),
      'start/routes/admin.ts': ["import Route from '@ioc:Adonis/Core/Route'", "Route.group(() => {", "  Route.post('/reports', 'Admin/ReportsController.store')", "}).prefix('/admin')", ''].join('\n'),
      'app/Controllers/Http/UsersController.ts': "import fs from 'fs'\nexport default class UsersController {\n  public async index() { return fs.readFileSync('users.json', 'utf8') }\n}\n",
      'app/Controllers/Http/PostsController.ts': "import { execSync } from 'child_process'\nexport default class PostsController {\n  public async show() { return execSync('ls').toString() }\n  public async helper() { return execSync('id').toString() }\n}\n",
      'app/Controllers/Http/Admin/ReportsController.ts': "import { pbkdf2Sync } from 'crypto'\nexport default class ReportsController {\n  public async store() { return pbkdf2Sync('a', 'b', 100000, 64, 'sha512') }\n}\n",
    });
    const result = await scan([root], { fixes: false });
    const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
    assert.deepStrictEqual(result.handlers.map((h) => `${h.route} ${rel(h.file)}:${h.name}`).sort(), [
      '/posts app/Controllers/Http/PostsController.ts:PostsController.show',
      '/reports app/Controllers/Http/Admin/ReportsController.ts:ReportsController.store',
      '/users app/Controllers/Http/UsersController.ts:UsersController.index',
    ]);
    assert.deepStrictEqual(result.findings.map((f) => `${f.rule} ${rel(f.file)}:${f.range.line}`).sort(), [
      'js/sync-child-process app/Controllers/Http/PostsController.ts:3',
      'js/sync-crypto app/Controllers/Http/Admin/ReportsController.ts:3',
      'js/sync-fs app/Controllers/Http/UsersController.ts:3',
    ]);
  });
});
