import 'server-only';
import type { Database } from 'libsql';
import type { ApiKey, QuotaSettings, ThrottleSettings, UsagePlan } from './model';
import { listObjects } from './store';

/**
 * API keys and usage plans on invoke URLs: which key a request carries, whether a plan of this stage includes it,
 * and the plan's throttle (token bucket: `burstLimit` tokens refilled at `rateLimit` per second) and quota (requests
 * per DAY / WEEK / MONTH, UTC) (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html).
 * Counters live in memory: a restart of the sandbox starts every key afresh.
 */

export type UsageDecision =
  | { ok: true; key?: ApiKey }
  | { ok: false; type: 'INVALID_API_KEY'; message: 'Forbidden' }
  | { ok: false; type: 'THROTTLED'; message: 'Too Many Requests' }
  | { ok: false; type: 'QUOTA_EXCEEDED'; message: 'Limit Exceeded' };

type Bucket = { tokens: number; at: number };

const buckets = new Map<string, Bucket>();
const quotas = new Map<string, number>();
const LIMIT = 10_000;

/** Takes one token; false when the bucket is empty. */
export function takeToken(key: string, throttle: ThrottleSettings | undefined, now: number): boolean {
  if (!throttle || (throttle.rateLimit === undefined && throttle.burstLimit === undefined)) return true;
  const rate = throttle.rateLimit ?? Infinity;
  const burst = Math.max(throttle.burstLimit ?? Math.ceil(rate), 1);
  const bucket = buckets.get(key) ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  if (buckets.size >= LIMIT) buckets.clear();
  if (tokens < 1) {
    buckets.set(key, { tokens, at: now });
    return false;
  }
  buckets.set(key, { tokens: tokens - 1, at: now });
  return true;
}

function periodStart(period: string | undefined, now: Date): number {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (period === 'MONTH') return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  if (period === 'WEEK') return day - ((now.getUTCDay() + 6) % 7) * 86_400_000;
  return day;
}

function takeQuota(key: string, quota: QuotaSettings | undefined, now: number): boolean {
  if (!quota || quota.limit === undefined) return true;
  const slot = `${key}@${periodStart(quota.period, new Date(now))}`;
  const used = quotas.get(slot) ?? 0;
  if (used >= quota.limit) return false;
  if (quotas.size >= LIMIT) quotas.clear();
  quotas.set(slot, used + 1);
  return true;
}

export function checkUsage(db: Database, region: string, apiId: string, stage: string, keyValue: string | undefined, now = Date.now()): UsageDecision {
  const forbidden = { ok: false, type: 'INVALID_API_KEY', message: 'Forbidden' } as const;
  if (!keyValue) return forbidden;
  const key = listObjects<ApiKey>(db, 'apikey', region).find((k) => k.value === keyValue && k.enabled);
  if (!key) return forbidden;
  const plan = listObjects<UsagePlan>(db, 'usageplan', region).find(
    (p) => p.keyIds.includes(key.id) && p.apiStages.some((s) => s.apiId === apiId && s.stage === stage),
  );
  if (!plan) return forbidden;
  const counter = `${plan.id}/${key.id}`;
  if (!takeToken(counter, plan.throttle, now)) return { ok: false, type: 'THROTTLED', message: 'Too Many Requests' };
  if (!takeQuota(counter, plan.quota, now)) return { ok: false, type: 'QUOTA_EXCEEDED', message: 'Limit Exceeded' };
  return { ok: true, key };
}
