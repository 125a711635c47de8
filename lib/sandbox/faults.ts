import 'server-only';
import { z } from 'zod';
import { jsonErrorResponse, parseForm, routingInfo, xmlErrorResponse } from '@/lib/sandbox/http';
import { defaultServices } from '@/lib/sandbox/server';
import type { RoutingInfo, SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';
import { emptyRecord } from '@/lib/records';

/**
 * Test-only fault injection: `POST /_sluice/faults` with `{"operation": "PutIntegration", "count": 1}` makes the next
 * matching request fail with `SluiceInjectedFault` (HTTP 400, so SDK clients do not retry it). Used to prove that a
 * failed apply rolls back. Enabled only when the sandbox is started with faults on (SLUICE_SANDBOX_FAULTS=1); it is
 * never part of the default sandbox.
 */
const armSchema = z.object({
  operation: z.string().regex(/^[A-Za-z]+$/),
  /** How many matching requests fail (default 1). */
  count: z.number().int().min(1).max(1000).default(1),
});

type Armed = { operation: string; remaining: number };

/**
 * The operation a request calls, from the route table of the service that claims it (`operationOf`); services
 * without a table yet are named by their query `Action` or JSON `X-Amz-Target`.
 */
export function operationOf(req: SandboxRequest, routing: RoutingInfo, services: readonly SandboxService[]): string | undefined {
  for (const service of services) {
    if (!service.operationOf) continue;
    const name = service.operationOf(req, routing);
    if (name !== undefined) return name;
  }
  if (routing.target) return routing.target.slice(routing.target.lastIndexOf('.') + 1);
  if (req.path.startsWith('/_aws/execute-api/')) return undefined;
  const ct = req.headers['content-type'] ?? '';
  if (ct.includes('x-www-form-urlencoded')) {
    const form = parseForm(req.body);
    if (form.ok) return form.params.get('Action') ?? undefined;
  }
  return new URLSearchParams(req.rawQuery).get('Action') ?? undefined;
}

export function createFaultService(services: readonly SandboxService[] = defaultServices): SandboxService & { armed: Armed[]; calls: Record<string, number> } {
  const armed: Armed[] = [];
  // Every request passes through `matches`, so the hook also counts calls per operation: e2e specs assert with it
  // that a re-apply makes no write call.
  const calls = emptyRecord<number>();
  const isControl = (req: SandboxRequest) => req.path === '/_sluice/faults';
  return {
    name: 'faults',
    armed,
    calls,
    migrate: () => {},
    matches(req, routing) {
      if (isControl(req)) return true;
      const op = operationOf(req, routing, services);
      if (op !== undefined) calls[op] = (calls[op] ?? 0) + 1;
      return op !== undefined && armed.some((a) => a.operation === op && a.remaining > 0);
    },
    async handle(req, _ctx): Promise<SandboxResponse> {
      if (isControl(req)) {
        if (req.method === 'DELETE') {
          armed.length = 0;
          if (new URLSearchParams(req.rawQuery).has('calls')) for (const k of Object.keys(calls)) delete calls[k];
          return { status: 204, headers: {}, body: '' };
        }
        if (req.method === 'GET') return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ armed, calls }) };
        let raw: unknown;
        try {
          raw = JSON.parse(req.body.toString('utf8'));
        } catch {
          raw = undefined;
        }
        const parsed = armSchema.safeParse(raw);
        if (!parsed.success) return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Expected {"operation": "PutIntegration", "count": 1}' }) };
        armed.push({ operation: parsed.data.operation, remaining: parsed.data.count });
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(armed) };
      }
      const routing = routingInfo(req);
      const op = operationOf(req, routing, services) ?? '';
      const fault = armed.find((a) => a.operation === op && a.remaining > 0);
      if (fault) fault.remaining -= 1;
      const message = `Injected fault (sandbox fault hook) for ${op}`;
      if (services.some((s) => s.name === 'apigateway' && s.matches(req, routing))) {
        return { status: 400, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'SluiceInjectedFault' }, body: JSON.stringify({ message }) };
      }
      if ((req.headers['content-type'] ?? '').startsWith('application/x-amz-json')) {
        return jsonErrorResponse({ type: 'SluiceInjectedFault', message, status: 400, contentType: 'application/x-amz-json-1.0' });
      }
      return xmlErrorResponse({ code: 'SluiceInjectedFault', message, status: 400 });
    },
  };
}
