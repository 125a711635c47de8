import { describe, expect, it } from 'vitest';
import { COURSE, EXERCISES, GLOSSARY } from './course';
import { advance, evaluateStage, helpFor, type Observation } from './evaluate';
import { exerciseResourceNames, learnerSlug, ownedBy } from './names';

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;

describe('the course', () => {
  it('has at least 12 exercises with a 2–5 sentence why linking a public AWS page, and unique ids', () => {
    expect(EXERCISES.filter((e) => e.part === 'break').length).toBeGreaterThanOrEqual(10);
    expect(EXERCISES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(COURSE.map((c) => c.id)).size).toBe(COURSE.length);
    for (const e of EXERCISES) {
      expect(sentences(e.why), e.id).toBeGreaterThanOrEqual(2);
      expect(sentences(e.why), e.id).toBeLessThanOrEqual(5);
      expect(e.source.url, e.id).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\//);
      expect(e.stages.length, e.id).toBeGreaterThan(0);
      for (const s of e.stages) expect(s.hint && s.solution && s.goal, `${e.id}/${s.id}`).toBeTruthy();
    }
  });

  it('covers every error the AWS Knowledge Center article documents', () => {
    const errors = EXERCISES.flatMap((e) => (e.error ? [e.error] : []));
    for (const code of ['UnknownOperationException', 'AccessDenied', 'KMS.AccessDeniedException', 'MalformedQueryString', 'SignatureDoesNotMatch', 'InvalidAddress', 'SerializationException', 'MissingRequiredParameterException']) {
      expect(errors).toContain(code);
    }
    expect(errors.filter((e) => e === 'UnknownOperationException')).toHaveLength(3);
  });

  it('fits in about an hour and explains its words in the glossary', () => {
    const minutes = COURSE.reduce((n, c) => n + c.minutes, 0);
    expect(minutes).toBeGreaterThanOrEqual(45);
    expect(minutes).toBeLessThanOrEqual(90);
    const terms = GLOSSARY.map((g) => g.term.toLowerCase());
    for (const t of ['path override', 'mapping template', 'passthrough behavior', 'execution role', 'stage']) expect(terms).toContain(t);
  });
});

describe('learner names', () => {
  it('slugs names to AWS-safe prefixes and keeps learners apart', () => {
    expect(learnerSlug('Ana María')).toBe('anamaria');
    expect(learnerSlug('!!!')).toBe('learner');
    const n = exerciseResourceNames('anamaria', 'fifo-group-id', true);
    expect(n.queueName).toBe('learn-anamaria-fifo-group-id.fifo');
    expect(n.roleName.length).toBeLessThanOrEqual(64);
    expect(ownedBy('ana', 'learn-ana-access-denied')).toBe(true);
    expect(ownedBy('ana', 'learn-ana2-access-denied')).toBe(false);
  });
});

describe('judging a stage', () => {
  const stage = EXERCISES.find((e) => e.id === 'access-denied')!.stages[0]!;
  const base: Observation = { deployed: true, permissions: { 'sqs:SendMessage': false }, replay: { source: 'last-send', request: { method: 'POST', path: '/send', headers: [], body: '{}' }, status: 403, body: '', errorCode: 'AccessDeniedException' } };

  it('accepts either protocol\'s spelling of the error and requires the state too', () => {
    expect(evaluateStage(stage, base).passed).toBe(true);
    expect(evaluateStage(stage, { ...base, permissions: { 'sqs:SendMessage': true } }).passed).toBe(false);
    const wrong = evaluateStage(stage, { ...base, replay: { ...base.replay!, errorCode: 'SignatureDoesNotMatch' } });
    expect(wrong.passed).toBe(false);
    expect(wrong.items[0]!.text).toBe('Expected the invoke URL to answer AccessDenied; it answered 403 SignatureDoesNotMatch.');
  });

  it('says so when the design is not deployed', () => {
    const r = evaluateStage(stage, { deployed: false, permissions: {} });
    expect(r.passed).toBe(false);
    expect(r.items[0]!.text).toMatch(/not deployed/);
  });

  it('moves on after a pass and gives the hint after one failure, the solution after two', () => {
    expect(advance({ stageIndex: 0, failedChecks: 2 }, 2, true)).toEqual({ stageIndex: 1, failedChecks: 0, completed: false });
    expect(advance({ stageIndex: 1, failedChecks: 0 }, 2, true)).toEqual({ stageIndex: 2, failedChecks: 0, completed: true });
    expect(advance({ stageIndex: 0, failedChecks: 1 }, 2, false)).toEqual({ stageIndex: 0, failedChecks: 2, completed: false });
    expect(helpFor(0)).toEqual({ hint: false, solution: false });
    expect(helpFor(1)).toEqual({ hint: true, solution: false });
    expect(helpFor(2)).toEqual({ hint: true, solution: true });
  });
});
