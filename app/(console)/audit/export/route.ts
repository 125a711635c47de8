import type { NextRequest } from 'next/server';
import { currentCaller } from '@/lib/auth/caller';
import { hasRole } from '@/lib/auth/roles';
import { auditFilterSchema, listAudit, toJsonLines } from '@/lib/store/audit';

/** The filtered audit log as JSON Lines, oldest first (up to 10,000 entries), for operators and admins. */
export async function GET(request: NextRequest) {
  const caller = await currentCaller();
  if (!caller || !hasRole(caller.role, 'operator')) return new Response('The audit log needs the operator role.\n', { status: 403, headers: { 'content-type': 'text/plain' } });
  const parsed = auditFilterSchema.safeParse(Object.fromEntries([...request.nextUrl.searchParams].filter(([, v]) => v.trim())));
  if (!parsed.success) return new Response(`Invalid filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`, { status: 400, headers: { 'content-type': 'text/plain' } });
  return new Response(toJsonLines(await listAudit(parsed.data, 10_000)), {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': 'attachment; filename="sluice-audit.jsonl"' },
  });
}
