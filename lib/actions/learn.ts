'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { observeExercise, resetLearnerSandbox, sandboxConnection, setUpScenario, type ResetSummary } from '@/lib/aws/learn';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { exercise, type Exercise } from '@/lib/learn/course';
import { advance, evaluateStage, type CheckItem } from '@/lib/learn/evaluate';
import { learnerNameSchema, learnerPrefix, learnerSlug } from '@/lib/learn/names';
import { getCurrentLearner, LEARNER_COOKIE, LEARNER_COOKIE_MAX_AGE } from '@/lib/learn-session';
import { clearProgress, createLearner, getProgress, listProgress, saveProgress, type ExerciseProgress, type Learner } from '@/lib/store/learners';
import { type ActionContext, authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

/*
 * Learn mode works on the built-in sandbox only and creates nothing outside a learner's own `learn-{slug}-` names,
 * so trainees need the tester role (the one that sends tests), not operator.
 */

export type LearnerView = { id: string; name: string; prefix: string };

/** Registers the learner for this browser (a name, picked once) and remembers them in a cookie. */
export const registerLearnerAction = authorizedAction(
  { role: 'tester', input: z.object({ name: learnerNameSchema }), audit: 'learn.register' },
  async ({ name }, ctx): Promise<ActionResult<LearnerView>> => {
    const learner = await createLearner(name, learnerSlug(name));
    (await cookies()).set(LEARNER_COOKIE, learner.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: LEARNER_COOKIE_MAX_AGE });
    ctx.audit.summary = `Learner ${learner.name} (${learnerPrefix(learner.slug)}…)`;
    revalidatePath('/learn', 'layout');
    return ok({ id: learner.id, name: learner.name, prefix: learnerPrefix(learner.slug) });
  },
);

/** Forgets which learner this browser is (another person takes the laptop); nothing is deleted. */
export const switchLearnerAction = authorizedAction({ role: 'tester' }, async (): Promise<ActionResult<null>> => {
  (await cookies()).delete(LEARNER_COOKIE);
  revalidatePath('/learn', 'layout');
  return ok(null);
});

const exerciseInput = z.object({ exerciseId: z.string().max(64) });

/** The exercise and the browser's learner, or why not; notes both in the audit entry. */
async function resolve(exerciseId: string, ctx: ActionContext): Promise<ActionResult<{ learner: Learner; ex: Exercise }>> {
  const ex = exercise(exerciseId);
  if (!ex) return fail('not_found', 'There is no such exercise.');
  const learner = await getCurrentLearner();
  if (!learner) return fail('forbidden', 'Pick your learner name on the Learn page first.');
  const connection = sandboxConnection();
  Object.assign(ctx.audit, { connectionId: connection.id, connectionName: connection.name, summary: `${learner.name}: ${ex.title}` });
  return ok({ learner, ex });
}

export type ExerciseState = { progress: ExerciseProgress };

/** Sets up (or starts over) the exercise's scenario in the sandbox under the learner's prefix. */
export const startExerciseAction = authorizedAction({ role: 'tester', input: exerciseInput, audit: 'learn.start' }, async ({ exerciseId }, ctx): Promise<ActionResult<ExerciseState>> => {
  const r = await resolve(exerciseId, ctx);
  if (!r.ok) return r;
  const { learner, ex } = r.data;
  const previous = await getProgress(learner.id, ex.id);
  try {
    const set = await setUpScenario(learner, ex, previous?.designId);
    if (!set.ok) return fail('aws_error', set.message);
    ctx.audit.designId = set.designId;
    const progress: ExerciseProgress = { learnerId: learner.id, exerciseId: ex.id, designId: set.designId, stageIndex: 0, failedChecks: 0, attempts: 0, startedAt: new Date().toISOString() };
    await saveProgress(progress, learner.name);
    revalidatePath('/learn', 'layout');
    return ok({ progress });
  } catch (err) {
    return sandboxError(err);
  }
});

export type CheckView = { passed: boolean; items: CheckItem[]; progress: ExerciseProgress; replayedFrom?: 'last-send' | 'sample' };

/**
 * Checks the learner's current stage against the sandbox: replays their last request on the invoke URL and reads the
 * deployed configuration and IAM's decision (lib/aws/learn.ts), then judges it (lib/learn/evaluate.ts).
 */
export const checkExerciseAction = authorizedAction({ role: 'tester', input: exerciseInput, audit: 'learn.check' }, async ({ exerciseId }, ctx): Promise<ActionResult<CheckView>> => {
  const r = await resolve(exerciseId, ctx);
  if (!r.ok) return r;
  const { learner, ex } = r.data;
  const progress = await getProgress(learner.id, ex.id);
  if (!progress?.designId) return fail('conflict', 'Start the exercise first: Sluice sets up its scenario in the sandbox.');
  if (progress.completedAt) return fail('conflict', 'You have completed this exercise. Start over to do it again.');
  const stage = ex.stages[progress.stageIndex];
  if (!stage) return fail('conflict', 'This exercise has no stage left to check.');
  ctx.audit.designId = progress.designId;
  try {
    const observation = await observeExercise(progress.designId);
    const result = evaluateStage(stage, observation);
    const next = advance(progress, ex.stages.length, result.passed);
    const at = new Date().toISOString();
    const updated: ExerciseProgress = {
      ...progress,
      stageIndex: next.stageIndex,
      failedChecks: next.failedChecks,
      attempts: progress.attempts + 1,
      ...(next.completed ? { completedAt: at } : {}),
      lastCheck: { at, passed: result.passed, items: result.items },
    };
    await saveProgress(updated, learner.name);
    ctx.audit.summary = `${learner.name}: ${ex.title}, stage ${progress.stageIndex + 1} ${result.passed ? 'passed' : 'not passed'}`;
    revalidatePath('/learn', 'layout');
    return ok({ passed: result.passed, items: result.items, progress: updated, ...(observation.replay ? { replayedFrom: observation.replay.source } : {}) });
  } catch (err) {
    return sandboxError(err);
  }
});

/** Removes exactly this learner's resources from the sandbox and their progress. */
export const resetMySandboxAction = authorizedAction({ role: 'tester', audit: 'learn.reset' }, async (_input, ctx): Promise<ActionResult<ResetSummary>> => {
  const learner = await getCurrentLearner();
  if (!learner) return fail('forbidden', 'Pick your learner name on the Learn page first.');
  try {
    const designIds = (await listProgress(learner.id)).flatMap((p) => (p.designId ? [p.designId] : []));
    const summary = await resetLearnerSandbox(learner, designIds);
    await clearProgress(learner.id);
    ctx.audit.summary = `${learner.name}: removed ${summary.queues} queues, ${summary.roles} roles, ${summary.restApis} REST APIs, ${summary.designs} designs`;
    revalidatePath('/learn', 'layout');
    return ok(summary);
  } catch (err) {
    return sandboxError(err);
  }
});

function sandboxError(err: unknown): ActionResult<never> {
  const info = toAwsErrorInfo(err);
  const unreachable = /ECONNREFUSED|fetch failed|socket hang up/i.test(info.message);
  return fail('aws_error', unreachable ? 'The sandbox is not reachable. Start it with npm start.' : info.message, { awsError: { name: info.name, message: info.message } });
}
