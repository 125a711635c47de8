import type { IntegrationDesign } from '@/lib/design';
import type { DesignPath, Fix, JsonValue, PatchOp } from './types';

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Applies patch operations to a copy of the design; the input is never mutated. Missing parents are created. */
export function applyPatch(design: IntegrationDesign, patch: readonly PatchOp[]): IntegrationDesign {
  const copy = JSON.parse(JSON.stringify(design)) as IntegrationDesign;
  for (const op of patch) applyOp(copy as unknown as Container, op);
  return copy;
}

/** Applies a finding's fix to a copy of the design. */
export function applyFix(design: IntegrationDesign, fix: Fix): IntegrationDesign {
  return applyPatch(design, fix.patch);
}

function applyOp(root: Container, op: PatchOp): void {
  if (op.path.length === 0) return;
  let cur: Container = root;
  for (const key of op.path.slice(0, -1)) {
    const next: unknown = Array.isArray(cur) ? cur[Number(key)] : cur[String(key)];
    if (isContainer(next)) {
      cur = next;
      continue;
    }
    if (op.op === 'delete') return;
    const created: Container = {};
    if (Array.isArray(cur)) cur[Number(key)] = created;
    else cur[String(key)] = created;
    cur = created;
  }
  const last = op.path[op.path.length - 1]!;
  if (Array.isArray(cur)) {
    const idx = Number(last);
    if (op.op === 'delete') cur.splice(idx, 1);
    else cur[idx] = clone(op.value);
  } else if (op.op === 'delete') delete cur[String(last)];
  else cur[String(last)] = clone(op.value);
}

function clone(value: JsonValue): JsonValue {
  return typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as JsonValue) : value;
}

/** `['integration', 'requestTemplates', 'application/json']` → `integration.requestTemplates["application/json"]`. */
export function formatDesignPath(path: DesignPath): string {
  return path
    .map((p, idx) =>
      typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? (idx === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`,
    )
    .join('');
}
