import type { CallMatcher, ClassMatcher, FileMatcher } from './types';
import { express } from './express';
import { fastify } from './fastify';
import { koa } from './koa';
import { hono } from './hono';
import { http } from './http';
import { socketio } from './socketio';
import { auth } from './auth';
import { graphql } from './graphql';
import { nest } from './nest';
import { next } from './next';
import { lambda } from './lambda';
import { trpc } from './trpc';
import { remix } from './remix';
import { adonis } from './adonis';
import { restify } from './restify';
import { elysia } from './elysia';

/** Frameworks recognised at a registration call. Adding one = a module + an entry here. */
export const CALL_MATCHERS: readonly CallMatcher[] = [express, fastify, koa, hono, http, socketio, auth, graphql, trpc, adonis, restify, elysia];
/** Frameworks recognised on decorated classes. */
export const CLASS_MATCHERS: readonly ClassMatcher[] = [nest];
/** Frameworks recognised by file path and exports; Next.js first, so a Next file is not also a Lambda. */
export const FILE_MATCHERS: readonly FileMatcher[] = [next, remix, lambda];
