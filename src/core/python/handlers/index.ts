import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { aiohttp } from './aiohttp';
import type { FrameworkMatcher } from './common';
import { django } from './django';
import { fastapi } from './fastapi';
import { flask } from './flask';
import { flaskExtensions } from './flaskExtensions';
import { graphql } from './graphql';
import { litestar } from './litestar';
import { quart } from './quart';
import { sanic } from './sanic';
import { socketio } from './socketio';
import { tornado } from './tornado';

/** Every Python framework. Adding one = a matcher module + its test + an entry here. */
export const FRAMEWORKS: readonly FrameworkMatcher[] = [flask, quart, fastapi, django, aiohttp, sanic, litestar, tornado, graphql, socketio, flaskExtensions];

/** Every framework's class bases, for subclasses the index finds in other files. */
export const CLASS_HANDLER_KINDS = FRAMEWORKS.flatMap((framework) => framework.classKinds ?? []);

export function findHandlers(facts: PyFileFacts): HandlerInfo[] {
  return FRAMEWORKS.flatMap((framework) => framework.match(facts));
}
