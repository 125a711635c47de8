import 'server-only';
import { z } from 'zod';
import { jsonErrorResponse, parseForm, xmlErrorResponse } from '@/lib/sandbox/http';
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

/** Best-effort name of the operation a request calls, for SQS/IAM/STS (target or Action) and API Gateway (REST path). */
export function operationOf(req: SandboxRequest, routing: RoutingInfo): string | undefined {
  if (routing.target) return routing.target.slice(routing.target.lastIndexOf('.') + 1);
  const path = req.path.replace(/\/+$/, '');
  if (path.startsWith('/restapis')) {
    const m = req.method.toUpperCase();
    const p = path.split('/').slice(1);
    const n = p.length;
    if (n === 1) return m === 'POST' ? 'CreateRestApi' : 'GetRestApis';
    if (n === 2) return m === 'DELETE' ? 'DeleteRestApi' : m === 'PATCH' ? 'UpdateRestApi' : 'GetRestApi';
    if (p[2] === 'deployments') return m === 'POST' ? 'CreateDeployment' : 'GetDeployments';
    if (p[2] === 'stages') return n === 3 ? (m === 'POST' ? 'CreateStage' : 'GetStages') : m === 'DELETE' ? 'DeleteStage' : m === 'PATCH' ? 'UpdateStage' : 'GetStage';
    if (p[2] === 'resources') {
      if (n <= 4) return m === 'POST' ? 'CreateResource' : m === 'DELETE' ? 'DeleteResource' : n === 3 ? 'GetResources' : 'GetResource';
      const verb = m === 'PUT' ? 'Put' : m === 'DELETE' ? 'Delete' : m === 'PATCH' ? 'Update' : m === 'POST' ? 'TestInvoke' : 'Get';
      if (n === 6) return `${verb}Method`;
      if (n === 7 && p[6] === 'integration') return `${verb}Integration`;
      if (n === 8 && p[6] === 'responses') return `${verb}MethodResponse`;
      if (n === 9 && p[6] === 'integration') return `${verb}IntegrationResponse`;
    }
    return undefined;
  }
  const ct = req.headers['content-type'] ?? '';
  if (ct.includes('x-www-form-urlencoded')) {
    const form = parseForm(req.body);
    if (form.ok) return form.params.get('Action') ?? undefined;
  }
  return new URLSearchParams(req.rawQuery).get('Action') ?? undefined;
}

export function createFaultService(): SandboxService & { armed: Armed[]; calls: Record<string, number> } {
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
      const op = operationOf(req, routing);
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
      const routing = { target: req.headers['x-amz-target'] };
      const op = operationOf(req, routing) ?? '';
      const fault = armed.find((a) => a.operation === op && a.remaining > 0);
      if (fault) fault.remaining -= 1;
      const message = `Injected fault (sandbox fault hook) for ${op}`;
      if (req.path.startsWith('/restapis')) {
        return { status: 400, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'SluiceInjectedFault' }, body: JSON.stringify({ message }) };
      }
      if ((req.headers['content-type'] ?? '').startsWith('application/x-amz-json')) {
        return jsonErrorResponse({ type: 'SluiceInjectedFault', message, status: 400, contentType: 'application/x-amz-json-1.0' });
      }
      return xmlErrorResponse({ code: 'SluiceInjectedFault', message, status: 400 });
    },
  };
}
