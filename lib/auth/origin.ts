import 'server-only';
import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';

/**
 * The console's origin as browsers reach it: SLUICE_PUBLIC_URL behind a load balancer or proxy, else the request's
 * own (the Host header), which is right for a console reached directly.
 */
export function publicOrigin(request: NextRequest): string {
  const configured = getEnv().SLUICE_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  // next start reports its own listening host in nextUrl (e.g. localhost); the browser's Host header is what it reached.
  const host = request.headers.get('host');
  return host ? `${request.nextUrl.protocol}//${host}` : request.nextUrl.origin;
}
