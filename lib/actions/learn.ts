'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { observeExercise, resetLearnerSandbox, setUpScenario, type ResetSummary } from '@/lib/aws/learn';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { exercise, type Exercise } from '@/lib/learn/course';
import { advance, evaluateStage, type CheckItem } from '@/lib/learn/evaluate';
import { learnerNameSchema, learnerSlug } from '@/lib/learn/names';
import { getCurrentLearner, LEARNER_COOKIE, LEARNER_COOKIE_MAX_AGE } from '@/lib/learn-session';
import { clearProgress, createLearner, getProgress, listProgress, saveProgress, type ExerciseProgress, type Learner } from '@/lib/store/learners';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

export type LearnerView = { id: string; name: string; prefix: string };

/** Registers the learner for this browser (a name, picked once) and remembers them in a cookie. */
export async function registerLearnerAction(input: unknown): Promise<ActionResult<LearnerView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ name: learnerNameSchema }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Check your name.', { fieldErrors: { name: parsed.error.issues.map((i) => i.message) } });
  const learner = createLearner(parsed.data.name, learnerSlug(parsed.data.name));
  (await cookies()).set(LEARNER_COOKIE, learner.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: LEARNER_COOKIE_MAX_AGE });
  revalidatePath('/learn', 'layout');
  return ok({ id: learner.id, name: learner.name, prefix: `learn-${learner.slug}-` });
}

/** Forgets which learner this browser is (another person takes the laptop); nothing is deleted. */
export async function switchLearnerAction(): Promise<ActionResult<null>> {
  const denied = await checkCaller();
  if (denied) return denied;
  (await cookies()).delete(LEARNER_COOKIE);
  revalidatePath('/learn', 'layout');
  return ok(null);
}

type Resolved = { learner: Learner; ex: Exercise };

async function resolve(input: unknown): Promise<ActionResult<Resolved>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ exerciseId: z.string().max(64) }).safeParse(input);
  const ex = parsed.success ? exercise(parsed.data.exerciseId) : undefined;
  if (!ex) return fail('not_found', 'There is no such exercise.');
  const learner = await getCurrentLearner();
  if (!learner) return fail('forbidden', 'Pick your learner name on the Learn page first.');
  return ok({ learner, ex });
}

export type ExerciseState = { progress: ExerciseProgress };

/** Sets up (or starts over) the exercise's scenario in the sandbox under the learner's prefix. */
export async function startExerciseAction(input: unknown): Promise<ActionResult<ExerciseState>> {
  const r = await resolve(input);
  if (!r.ok) return r;
  const { learner, ex } = r.data;
  const previous = getProgress(learner.id, ex.id);
  try {
    const set = await setUpScenario(learner, ex, previous?.designId);
    if (!set.ok) return fail('aws_error', set.message);
    const progress: ExerciseProgress = { learnerId: learner.id, exerciseId: ex.id, designId: set.designId, stageIndex: 0, failedChecks: 0, startedAt: new Date().toISOString() };
    saveProgress(progress);
    revalidatePath('/learn', 'layout');
    return ok({ progress });
  } catch (err) {
    return sandboxError(err);
  }
}

export type CheckView = { passed: boolean; items: CheckItem[]; progress: ExerciseProgress; replayedFrom?: 'last-send' | 'sample' };

/**
 * Checks the learner's current stage against the sandbox: replays their last request on the invoke URL and reads the
 * deployed configuration and IAM's decision (lib/aws/learn.ts), then judges it (lib/learn/evaluate.ts).
 */
export async function checkExerciseAction(input: unknown): Promise<ActionResult<CheckView>> {
  const r = await resolve(input);
  if (!r.ok) return r;
  const { learner, ex } = r.data;
  const progress = getProgress(learner.id, ex.id);
  if (!progress?.designId) return fail('conflict', 'Start the exercise first: Sluice sets up its scenario in the sandbox.');
  if (progress.completedAt) return fail('conflict', 'You have completed this exercise. Start over to do it again.');
  const stage = ex.stages[progress.stageIndex];
  if (!stage) return fail('conflict', 'This exercise has no stage left to check.');
  try {
    const observation = await observeExercise(progress.designId);
    const result = evaluateStage(stage, observation);
    const next = advance(progress, ex.stages.length, result.passed);
    const at = new Date().toISOString();
    const updated: ExerciseProgress = {
      ...progress,
      stageIndex: next.stageIndex,
      failedChecks: next.failedChecks,
      ...(next.completed ? { completedAt: at } : {}),
      lastCheck: { at, passed: result.passed, items: result.items },
    };
    saveProgress(updated);
    revalidatePath('/learn', 'layout');
    return ok({ passed: result.passed, items: result.items, progress: updated, ...(observation.replay ? { replayedFrom: observation.replay.source } : {}) });
  } catch (err) {
    return sandboxError(err);
  }
}

/** Removes exactly this learner's resources from the sandbox and their progress. */
export async function resetMySandboxAction(): Promise<ActionResult<ResetSummary>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const learner = await getCurrentLearner();
  if (!learner) return fail('forbidden', 'Pick your learner name on the Learn page first.');
  try {
    const designIds = listProgress(learner.id).flatMap((p) => (p.designId ? [p.designId] : []));
    const summary = await resetLearnerSandbox(learner, designIds);
    clearProgress(learner.id);
    revalidatePath('/learn', 'layout');
    return ok(summary);
  } catch (err) {
    return sandboxError(err);
  }
}

function sandboxError(err: unknown): ActionResult<never> {
  const info = toAwsErrorInfo(err);
  const unreachable = /ECONNREFUSED|fetch failed|socket hang up/i.test(info.message);
  return fail('aws_error', unreachable ? 'The sandbox is not reachable. Start it with npm start.' : info.message, { awsError: { name: info.name, message: info.message } });
}
