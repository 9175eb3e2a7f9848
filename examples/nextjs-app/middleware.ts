import { NextResponse, type NextRequest } from 'next/server';
import { existsSync } from 'node:fs';

export function middleware(request: NextRequest) {
  if (existsSync('maintenance.flag')) { // expect: js/sync-fs
    return NextResponse.redirect(new URL('/maintenance', request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: '/((?!_next).*)' };
