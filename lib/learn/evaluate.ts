import type { Expectation, Stage } from './course';

/**
 * What the sandbox really holds and answers for one learner's exercise, gathered by lib/learn/observe.ts: the
 * learner's last request replayed on the invoke URL, the configuration the stage's deployment serves, IAM's decision
 * for the execution role, and drift. Pure data so that judging it (below) is testable on its own.
 */
export type Observation = {
  /** Whether the exercise's design is deployed on the sandbox. */
  deployed: boolean;
  replay?: {
    /** `last-send`: the learner's most recent request from the Test tab; `sample`: the design's default sample. */
    source: 'last-send' | 'sample';
    request: { method: string; path: string; headers: [string, string][]; body: string };
    /** Set when the invoke URL gave no HTTP answer. */
    networkError?: string;
    status?: number;
    body?: string;
    headers?: [string, string][];
    /** The SQS or API Gateway error code the answer carries (either protocol's spelling), if any. */
    errorCode?: string;
    messageId?: string;
    delivery?: { found: boolean; md5Matches?: boolean; messageAttributeCount: number };
  };
  /** The integration the stage's deployment serves. */
  stage?: { httpMethod?: string; requestParameters: Record<string, string>; requestTemplates: Record<string, string> };
  /** IAM's decision for the execution role (true = allowed); absent when it could not be asked. */
  permissions: Partial<Record<'sqs:SendMessage' | 'kms:GenerateDataKey', boolean>>;
  /** Fields that differ between the stage's deployment and the API's current configuration. */
  drift?: string[];
};

export type CheckItem = { ok: boolean; text: string };
export type CheckResult = { passed: boolean; items: CheckItem[] };

function headerMapping(stage: NonNullable<Observation['stage']>, header: string): string | undefined {
  const key = `integration.request.header.${header}`.toLowerCase();
  return Object.entries(stage.requestParameters).find(([k]) => k.toLowerCase() === key)?.[1];
}

function jsonTemplate(stage: NonNullable<Observation['stage']>): string {
  const entry = Object.entries(stage.requestTemplates).find(([ct]) => ct.toLowerCase() === 'application/json');
  return entry?.[1] ?? '';
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The two spellings of SQS error codes (JSON protocol shape names vs query protocol codes) name one error. */
const SAME_ERROR: Record<string, string> = {
  MissingRequiredParameterException: 'MissingParameter',
  KmsAccessDenied: 'KMS.AccessDeniedException',
  AccessDeniedException: 'AccessDenied',
};
const canonical = (code: string) => SAME_ERROR[code] ?? code;

function answered(o: Observation): string {
  const r = o.replay;
  if (!r) return 'nothing was sent';
  if (r.networkError) return `no answer (${r.networkError})`;
  return `${r.status}${r.errorCode ? ` ${r.errorCode}` : r.messageId ? ` with message id ${r.messageId}` : ''}`;
}

function judge(e: Expectation, o: Observation): CheckItem {
  const r = o.replay;
  switch (e.kind) {
    case 'error': {
      const want = e.codes.map(canonical);
      const ok = r?.errorCode !== undefined && want.includes(canonical(r.errorCode));
      return { ok, text: ok ? `The invoke URL answered ${r?.errorCode}.` : `Expected the invoke URL to answer ${e.codes[0]}; it answered ${answered(o)}.` };
    }
    case 'delivered': {
      const d = r?.delivery;
      const ok = r?.status !== undefined && r.status >= 200 && r.status < 300 && r.messageId !== undefined && d?.found === true && d.md5Matches !== false;
      if (ok) return { ok, text: `The invoke URL answered ${r?.status} and message ${r?.messageId} is in the queue${d?.md5Matches ? ' (MD5 matches)' : ''}.` };
      if (r?.messageId && d && !d.found) return { ok, text: `The invoke URL answered ${r.status} with message id ${r.messageId}, but that message is not in the queue.` };
      if (d?.md5Matches === false) return { ok, text: 'The message is in the queue but its body differs from what was sent (MD5 mismatch).' };
      return { ok, text: `Expected a message in the queue; the invoke URL answered ${answered(o)}.` };
    }
    case 'status': {
      const ok = r?.status !== undefined && r.status >= e.min && r.status <= e.max;
      return { ok, text: ok ? `The client got status ${r?.status}.` : `Expected a status from ${e.min} to ${e.max}; the client got ${r?.status ?? 'no answer'}.` };
    }
    case 'header-mapping': {
      if (!o.stage) return { ok: false, text: 'The stage serves no integration for this method.' };
      const value = headerMapping(o.stage, e.header);
      const matches = e.value === undefined ? value !== undefined : value === e.value;
      const ok = matches === e.present;
      const what = e.value === undefined ? `a mapping for ${e.header}` : `${e.header} mapped to ${e.value}`;
      return { ok, text: ok ? `The deployed stage ${e.present ? 'has' : 'does not have'} ${what}.` : `The deployed stage ${e.present ? 'does not have' : 'still has'} ${what}${value !== undefined && !e.present ? '' : value !== undefined ? ` (it maps ${value})` : ''}.` };
    }
    case 'template': {
      if (!o.stage) return { ok: false, text: 'The stage serves no integration for this method.' };
      const has = jsonTemplate(o.stage).includes(e.contains);
      const ok = has === e.present;
      return { ok, text: ok ? `The deployed template ${e.present ? 'contains' : 'no longer contains'} ${e.contains}.` : `The deployed template ${e.present ? 'does not contain' : 'still contains'} ${e.contains}.` };
    }
    case 'integration-method': {
      const method = o.stage?.httpMethod;
      const ok = method === e.is;
      return { ok, text: ok ? `The deployed integration uses ${e.is}.` : `The deployed integration uses ${method ?? 'no method'}, not ${e.is}.` };
    }
    case 'permission': {
      const allowed = o.permissions[e.action];
      if (allowed === undefined) return { ok: false, text: `Could not ask IAM whether the execution role may call ${e.action}.` };
      const ok = allowed === e.allowed;
      return { ok, text: ok ? `IAM ${allowed ? 'allows' : 'denies'} ${e.action} for the execution role.` : `IAM ${allowed ? 'still allows' : 'denies'} ${e.action} for the execution role.` };
    }
    case 'request-body': {
      const has = (r?.request.body ?? '').includes(e.contains);
      const ok = has === e.present;
      return { ok, text: ok ? `Your request body ${e.present ? 'contains' : 'has no'} ${e.contains}.` : `Your last request body ${e.present ? 'has no' : 'still contains'} ${e.contains}.` };
    }
    case 'request-json': {
      const valid = isValidJson(r?.request.body ?? '');
      const ok = valid === e.valid;
      return { ok, text: ok ? `Your request body is ${valid ? 'valid' : 'not valid'} JSON.` : `Your last request body is ${valid ? 'valid' : 'not valid'} JSON.` };
    }
    case 'response-shape': {
      const body = r?.body ?? '';
      let hasKey = false;
      try {
        const parsed: unknown = JSON.parse(body);
        hasKey = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.hasOwn(parsed, e.key);
      } catch {
        hasKey = false;
      }
      const ok = hasKey && !body.includes(e.lacks);
      return { ok, text: ok ? `The client got JSON with "${e.key}" and no ${e.lacks}.` : body.includes(e.lacks) ? `The client still gets SQS's own ${e.lacks}.` : `The client's body is not JSON with a "${e.key}" member.` };
    }
    case 'message-attributes': {
      const n = r?.delivery?.messageAttributeCount ?? 0;
      const ok = r?.delivery?.found === true && n >= e.min;
      return { ok, text: ok ? `The message in the queue carries ${n} message attribute${n === 1 ? '' : 's'}.` : `The message in the queue carries ${n} message attributes.` };
    }
    case 'request-parameter': {
      if (!o.stage) return { ok: false, text: 'The stage serves no integration for this method.' };
      const has = Object.keys(o.stage.requestParameters).some((k) => k.toLowerCase() === e.key.toLowerCase());
      const ok = has === e.present;
      return { ok, text: ok ? `The deployed integration ${e.present ? 'maps' : 'does not map'} ${e.key}.` : `The deployed integration ${e.present ? 'does not map' : 'still maps'} ${e.key}.` };
    }
    case 'response-header': {
      const has = (r?.headers ?? []).some(([k]) => k.toLowerCase() === e.header.toLowerCase());
      const ok = has === e.present;
      return { ok, text: ok ? `The answer ${e.present ? 'carries' : 'has no'} ${e.header}.` : `The answer ${e.present ? 'has no' : 'still carries'} ${e.header}.` };
    }
    case 'drift': {
      if (o.drift === undefined) return { ok: false, text: 'Could not compare the stage with the API.' };
      const has = o.drift.length > 0;
      const ok = has === e.present;
      return { ok, text: has ? `The stage differs from the API in: ${o.drift.join(', ')}.` : 'The stage serves the API\'s current configuration.' };
    }
  }
}

/** Judges one stage of an exercise against what the sandbox answered. Every expectation must hold. */
export function evaluateStage(stage: Stage, o: Observation): CheckResult {
  if (!o.deployed) return { passed: false, items: [{ ok: false, text: 'Your design is not deployed on the sandbox: open its Deploy tab and press Apply.' }] };
  const items = stage.expect.map((e) => judge(e, o));
  return { passed: items.every((i) => i.ok), items };
}

/** How far a learner is in one exercise, as the check moves it on. */
export type StageProgress = { stageIndex: number; failedChecks: number; completed: boolean };

/**
 * After a check: a passed stage moves to the next one (help starts over), a failed one counts towards help — the hint
 * after one failed check, the solution after two.
 */
export function advance(p: Pick<StageProgress, 'stageIndex' | 'failedChecks'>, stageCount: number, passed: boolean): StageProgress {
  if (passed) {
    const stageIndex = Math.min(p.stageIndex + 1, stageCount);
    return { stageIndex, failedChecks: 0, completed: stageIndex >= stageCount };
  }
  return { stageIndex: p.stageIndex, failedChecks: p.failedChecks + 1, completed: false };
}

export function helpFor(failedChecks: number): { hint: boolean; solution: boolean } {
  return { hint: failedChecks >= 1, solution: failedChecks >= 2 };
}
