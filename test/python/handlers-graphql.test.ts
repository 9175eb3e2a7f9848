/**
 * GraphQL resolvers as handlers: graphene ObjectTypes and Mutations (saleor's
 * shapes: project base types in another module, generic bases, a base
 * `mutate` calling the subclass's `perform_mutation`), strawberry fields and
 * mutations, ariadne bindables.
 */
import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';
import { py, scanTree } from './scanTree';

describe('python handlers: GraphQL resolvers', () => {
  it('graphene: resolve_* of ObjectTypes through project bases, and mutations whose base mutate calls the override', async () => {
    const { handlers, findings } = await scanTree({
      'shop/__init__.py': '',
      'shop/graphql/__init__.py': '',
      'shop/graphql/core/__init__.py': '',
      'shop/graphql/core/types.py': py(
        'from typing import Generic, TypeVar',
        'from graphene import ObjectType',
        '',
        'T = TypeVar("T")',
        '',
        'class BaseObjectType(ObjectType):',
        '    class Meta:',
        '        abstract = True',
        '',
        'class ModelObjectType(Generic[T], BaseObjectType):',
        '    class Meta:',
        '        abstract = True',
      ),
      'shop/graphql/core/mutations.py': py(
        'import graphene',
        '',
        'class BaseMutation(graphene.Mutation):',
        '    class Meta:',
        '        abstract = True',
        '',
        '    @classmethod',
        '    def mutate(cls, root, info, **data):',
        '        return cls.perform_mutation(root, info, **data)',
        '',
        '    @classmethod',
        '    def perform_mutation(cls, root, info, **data):',
        '        raise NotImplementedError',
      ),
      'shop/graphql/product/__init__.py': '',
      'shop/graphql/product/schema.py': py(
        'import graphene',
        'import requests',
        'import time',
        'from ..core.types import ModelObjectType',
        'from ..core.mutations import BaseMutation',
        '',
        'class Product(ModelObjectType["models.Product"]):',
        '    name = graphene.String()',
        '',
        '    @staticmethod',
        '    def resolve_thumbnail(root, info):',
        '        return requests.get("https://img.example.com/t", timeout=5).content',
        '',
        '    def helper(self):',
        '        time.sleep(1)',
        '',
        'class ProductQueries(graphene.ObjectType):',
        '    products = graphene.List(Product)',
        '',
        '    def resolve_products(root, info):',
        '        return []',
        '',
        'class ProductCreate(BaseMutation):',
        '    @classmethod',
        '    def perform_mutation(cls, root, info, **data):',
        '        time.sleep(2)',
      ),
    });
    const product = handlers.filter((h) => h.startsWith('shop/graphql/product')).sort();
    assert.deepStrictEqual(product, [
      'shop/graphql/product/schema.py Product.resolve_thumbnail graphene graphql sync-worker',
      'shop/graphql/product/schema.py ProductCreate.mutate graphene graphql mutation sync-worker',
      'shop/graphql/product/schema.py ProductQueries.resolve_products graphene graphql sync-worker',
    ]);
    assert.ok(findings.includes('shop/graphql/product/schema.py:12 py/blocking-http'), findings.join('\n'));
    // BaseMutation.mutate runs ProductCreate.perform_mutation.
    assert.ok(findings.includes('shop/graphql/product/schema.py:26 py/blocking-sleep'), findings.join('\n'));
    assert.ok(!findings.includes('shop/graphql/product/schema.py:15 py/blocking-sleep'), findings.join('\n'));
  });

  it('strawberry: @strawberry.field / mutation methods and resolver= functions; strawberry-django runs them in a worker', async () => {
    const model = await analyze(`
import strawberry

def get_books() -> list[str]:
    return []

@strawberry.type
class Query:
    books: list[str] = strawberry.field(resolver=get_books)

    @strawberry.field
    async def author(self, info) -> str:
        return ""

    def not_a_field(self):
        pass

@strawberry.type
class Mutation:
    @strawberry.mutation(description="add")
    def add_book(self, title: str) -> str:
        return title
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':Query.author', framework: 'strawberry', route: 'graphql field' },
      { ref: ':Mutation.add_book', framework: 'strawberry', route: 'graphql mutation' },
      { ref: ':get_books', framework: 'strawberry', route: 'graphql field' },
    ]);
    assert.deepStrictEqual(model.handlers[0].contextByKind, { sync: 'event-loop', async: 'event-loop' });
    const django = await analyze(`
import strawberry
import strawberry_django

@strawberry.type(name="Query")
class DcimQuery:
    site: str = strawberry_django.field()

    @strawberry_django.field
    def site_count(self) -> int:
        return 0
`);
    assert.deepStrictEqual(handlerSummary(django), [{ ref: ':DcimQuery.site_count', framework: 'strawberry', route: 'graphql field' }]);
    assert.deepStrictEqual(django.handlers[0].contextByKind, { sync: 'sync-worker', async: 'private-loop' });
  });

  it('ariadne: @query.field, ObjectType("X").field, set_field; other .field decorators are not resolvers', async () => {
    const model = await analyze(`
from ariadne import QueryType, MutationType, ObjectType, make_executable_schema
from .resolvers import resolve_orders
from somewhere import registry

query = QueryType()
mutation = MutationType()
user = ObjectType("User")

@query.field("hello")
def resolve_hello(_, info):
    return "hi"

@mutation.field("login")
async def resolve_login(_, info, username):
    return True

@user.field("fullName")
def resolve_full_name(obj, info):
    return obj.name

@registry.field("x")
def not_a_resolver():
    pass

query.set_field("orders", resolve_orders)
schema = make_executable_schema("type Query { hello: String }", query, mutation, user)
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':resolve_hello', framework: 'ariadne', route: 'graphql hello' },
      { ref: ':resolve_login', framework: 'ariadne', route: 'graphql login' },
      { ref: ':resolve_full_name', framework: 'ariadne', route: 'graphql fullName' },
      { ref: '.resolvers:resolve_orders', framework: 'ariadne', route: 'graphql orders' },
    ]);
    assert.deepStrictEqual(model.handlers[0].contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });
});
