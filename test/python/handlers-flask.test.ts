import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

const FLASK_CONTEXT = { sync: 'sync-worker', async: 'private-loop' };

describe('python handlers: flask', () => {
  it('finds routes, verb decorators, blueprints and hooks', async () => {
    const model = await analyze(`
from flask import Flask, Blueprint as BP
app = Flask(__name__)
bp = BP("api", __name__)

@app.route("/", methods=["GET", "POST"])
def index():
    pass

@app.route("/plain")
async def plain():
    pass

@bp.post("/items")
def create():
    pass

@app.before_request
def load_user():
    pass

@app.errorhandler(404)
def not_found(e):
    pass

@app.cli.command("seed")
def seed():
    pass

def helper():
    pass
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':index', framework: 'flask', route: '/', methods: ['GET', 'POST'] },
      { ref: ':plain', framework: 'flask', route: '/plain', methods: ['GET'] },
      { ref: ':create', framework: 'flask', route: '/items', methods: ['POST'] },
      { ref: ':load_user', framework: 'flask', route: 'before_request' },
      { ref: ':not_found', framework: 'flask', route: 'errorhandler' },
    ]);
    assert.ok(model.handlers.every((h) => JSON.stringify(h.contextByKind) === JSON.stringify(FLASK_CONTEXT)));
    assert.deepStrictEqual(model.handlers[0].location, { file: '/project/app/main.py', line: 6, column: 2 });
  });

  it('finds add_url_rule registrations, class views and as_view', async () => {
    const model = await analyze(`
from flask import Flask
from flask.views import MethodView, View
from . import views

def create_app():
    app = Flask(__name__)
    app.add_url_rule("/fn", "fn", views.index)
    app.add_url_rule("/items", view_func=ItemAPI.as_view("items"), methods=["GET"])
    app.register_error_handler(500, on_error)
    return app

class ItemAPI(MethodView):
    def get(self):
        pass

class Other(View):
    def dispatch_request(self):
        pass

def on_error(e):
    pass
`);
    const methods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'dispatch_request'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: '.views:index', framework: 'flask', route: '/fn' },
      { ref: ':ItemAPI', framework: 'flask', route: '/items', methods: ['GET'], classMethods: methods },
      { ref: ':on_error', framework: 'flask', route: 'register_error_handler' },
      { ref: ':Other', framework: 'flask', route: null, classMethods: methods },
    ]);
  });

  it('decides by the file imports when the app comes from elsewhere', async () => {
    const withFlask = await analyze(`
from flask import render_template
from myapp import app
from .extensions import bp

@app.route("/home")
def home():
    pass

@bp.get("/b")
def b():
    pass
`);
    // Quart candidates on the imported objects wait for the index (what `myapp.app` is bound to).
    assert.deepStrictEqual(handlerSummary({ ...withFlask, handlers: withFlask.handlers.filter((h) => !h.ownerClass?.variable) }), [
      { ref: ':home', framework: 'flask', route: '/home', methods: ['GET'] },
      { ref: ':b', framework: 'flask', route: '/b', methods: ['GET'] },
    ]);
    const without = await analyze(`
from myapp import app
@app.route("/home")
def home():
    pass
`);
    // Without a flask import, `app` from another module is only a candidate: the index checks what `myapp.app` is bound to.
    assert.deepStrictEqual(without.handlers.filter((h) => !h.ownerClass?.variable), []);
  });

  it('finds Flask-RESTful / Flask-RESTX resources and smorest blueprints', async () => {
    const model = await analyze(`
from flask_restful import Resource
from flask_smorest import Blueprint
from flask.views import MethodView

blp = Blueprint("pets", __name__)

class Todo(Resource):
    def get(self, todo_id):
        pass

@blp.route("/pets")
class Pets(MethodView):
    def get(self):
        pass
`);
    const methods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'dispatch_request'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':Pets', framework: 'flask', route: '/pets', classMethods: methods },
      { ref: ':Todo', framework: 'flask', route: null, classMethods: methods },
    ]);
  });

  it('ignores celery tasks and click commands', async () => {
    const model = await analyze(`
from flask import Flask
from celery import shared_task, Celery
import click
app = Flask(__name__)
celery = Celery()

@shared_task
def task_a():
    pass

@celery.task
def task_b():
    pass

@click.command()
def cmd():
    pass
`);
    assert.deepStrictEqual(model.handlers, []);
  });
});
