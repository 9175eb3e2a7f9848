import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticString } from '../imports';
import type { Value } from '../values';
import { isFunction, isHandlerLike, memberCall, type CallContext, type CallMatcher, type Node, type Registration } from './types';

/** A passport strategy class: `passport-local.Strategy`, `passport-twitter.Strategy`, a `passport-*` default export. */
const STRATEGY = /(^|\.)[A-Za-z0-9]*Strategy$|^(@[\w.-]+\/)?passport-[\w.-]+(\.default)?$/;
/** passport itself, for Express or Koa (`koa-passport`, a scoped fork). */
const PASSPORT = /^((@[\w.-]+\/)?(koa-)?passport)(\.default)?$/;

/** The verify callback of `new XStrategy(options?, verify)`: the last function-like argument. */
function verifyCallback(args: readonly Node[]): Node[] {
  for (let i = args.length - 1; i >= 0; i--) {
    const arg = args[i];
    if (arg.type === 'ObjectExpression' || arg.type === 'Literal') continue;
    return isHandlerLike(arg) ? [arg] : [];
  }
  return [];
}

/** `{ passReqToCallback: true }` among a strategy's arguments: the verify callback's first parameter is the request. */
function passesRequest(args: readonly Node[]): boolean {
  return args.some(
    (arg) =>
      arg.type === 'ObjectExpression' &&
      arg.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'passReqToCallback' && p.value.type === 'Literal' && p.value.value === true),
  );
}

/**
 * What a verify callback's parameters hold: the identity provider's answer
 * (tokens, a profile) or the credentials a strategy already extracted, not
 * the request itself, except the request when the strategy passes it.
 */
function verifyParams(args: readonly Node[]): Value[] {
  const fromProvider: Value[] = Array.from({ length: 8 }, () => ({ kind: 'param' }));
  return passesRequest(args) ? [{ kind: 'input' }, ...fromProvider] : fromProvider;
}

function verifyRegistration(args: readonly Node[]): Registration | undefined {
  const handlers = verifyCallback(args);
  return handlers.length ? { framework: 'passport', handlers, route: 'verify', kind: 'callback', params: verifyParams(args) } : undefined;
}

/** The `new …(…)` inside `passport.use(name?, wrap(new Strategy(…)))`. */
function strategyConstruction(node: Node | undefined): TSESTree.NewExpression | undefined {
  if (!node) return undefined;
  if (node.type === 'NewExpression') return node;
  if (node.type === 'CallExpression') return node.arguments.map(strategyConstruction).find(Boolean);
  return undefined;
}

function optionFunction(options: Node | undefined, key: string): Node | undefined {
  if (options?.type !== 'ObjectExpression') return undefined;
  for (const prop of options.properties) {
    if (prop.type !== 'Property') continue;
    const name = prop.key.type === 'Identifier' ? prop.key.name : staticString(prop.key);
    if (name === key && (isFunction(prop.value) || prop.value.type === 'Identifier' || prop.value.type === 'MemberExpression')) return prop.value;
  }
  return undefined;
}

/**
 * Callbacks libraries call on the request path: passport strategies' verify
 * callbacks (`new LocalStrategy((user, pass, done) => …)`, any strategy given
 * to `passport.use`) and express-basic-auth's `authorizer`.
 */
export const auth: CallMatcher = {
  framework: 'auth',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    const callee = ctx.externalName(call.callee);
    if (call.type === 'NewExpression') {
      if (!callee || !STRATEGY.test(callee)) return undefined;
      return verifyRegistration(call.arguments);
    }
    if (callee === 'express-basic-auth' || callee === 'express-basic-auth.default') {
      const authorizer = optionFunction(call.arguments[0], 'authorizer');
      return authorizer ? { framework: 'express-basic-auth', handlers: [authorizer], route: 'authorizer', kind: 'callback' } : undefined;
    }
    const member = memberCall(call);
    if (member?.method !== 'use' || !PASSPORT.test(ctx.externalName(member.object) ?? '')) return undefined;
    // A project strategy class (`new OAuth2CustomStrategy(opts, verify)`) counts once passport uses it.
    const construction = strategyConstruction(call.arguments[call.arguments.length - 1]);
    if (!construction || STRATEGY.test(ctx.externalName(construction.callee) ?? '')) return undefined;
    return verifyRegistration(construction.arguments);
  },
};
