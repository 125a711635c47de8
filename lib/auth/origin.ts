import 'server-only';
import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';

/**
 * The console's origin as browsers reach it: SLUICE_PUBLIC_URL behind a load balancer or proxy, else the request's
 * own (Host header), which is right for a console reached directly.
 */
export function publicOrigin(request: NextRequest): string {
  const configured = getEnv().SLUICE_PUBLIC_URL;
  return configured ? new URL(configured).origin : request.nextUrl.origin;
}
