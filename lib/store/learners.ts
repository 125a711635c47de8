import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openConsoleDatabase } from './db';
import type { SqlDatabase } from './sql';

/** A trainee of the onboarding course. `slug` prefixes every sandbox resource their exercises create. */
export type Learner = { id: string; name: string; slug: string; createdAt: string };

/** Where one learner stands in one exercise. */
export type ExerciseProgress = {
  learnerId: string;
  exerciseId: string;
  designId?: string;
  /** Index of the stage the learner works on; equal to the number of stages when completed. */
  stageIndex: number;
  /** Failed checks of the current stage: a hint after one, the solution after two. */
  failedChecks: number;
  /** Checks run in this exercise, passed or not. */
  attempts: number;
  startedAt: string;
  completedAt?: string;
  /** The last check's result, as shown to the learner. */
  lastCheck?: { at: string; passed: boolean; items: { ok: boolean; text: string }[] };
};

const handle = async (db?: SqlDatabase) => db ?? (await openConsoleDatabase());

const learnerRow = z.object({ id: z.string(), name: z.string(), slug: z.string(), created_at: z.string() });
const toLearner = (raw: unknown): Learner => {
  const r = learnerRow.parse(raw);
  return { id: r.id, name: r.name, slug: r.slug, createdAt: r.created_at };
};

const lastCheckSchema = z.object({ at: z.string(), passed: z.boolean(), items: z.array(z.object({ ok: z.boolean(), text: z.string() })) });
const progressRow = z.object({
  learner_id: z.string(),
  exercise_id: z.string(),
  design_id: z.string().nullable(),
  stage_index: z.coerce.number().int(),
  failed_checks: z.coerce.number().int(),
  attempts: z.coerce.number().int(),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  last_check_json: z.string().nullable(),
});
function toProgress(raw: unknown): ExerciseProgress {
  const r = progressRow.parse(raw);
  const last = r.last_check_json ? lastCheckSchema.safeParse(JSON.parse(r.last_check_json)) : undefined;
  return {
    learnerId: r.learner_id,
    exerciseId: r.exercise_id,
    ...(r.design_id ? { designId: r.design_id } : {}),
    stageIndex: r.stage_index,
    failedChecks: r.failed_checks,
    attempts: r.attempts,
    startedAt: r.started_at,
    ...(r.completed_at ? { completedAt: r.completed_at } : {}),
    ...(last?.success ? { lastCheck: last.data } : {}),
  };
}

/** Registers a learner; a slug already taken gets the first free numeric suffix (`ana`, `ana2`, …). */
export async function createLearner(name: string, baseSlug: string, db?: SqlDatabase): Promise<Learner> {
  const store = await handle(db);
  return store.transaction(async (tx) => {
    const rows = await tx.all("SELECT slug FROM learners WHERE slug = ? OR slug LIKE ? ESCAPE '\\'", [baseSlug, `${baseSlug.replace(/[%_\\]/g, '\\$&')}%`]);
    const taken = new Set(rows.map((r) => z.object({ slug: z.string() }).parse(r).slug));
    let slug = baseSlug;
    for (let n = 2; taken.has(slug); n += 1) slug = `${baseSlug}${n}`;
    const learner: Learner = { id: randomUUID(), name, slug, createdAt: new Date().toISOString() };
    await tx.run('INSERT INTO learners (id, name, slug, created_at) VALUES (?, ?, ?, ?)', [learner.id, learner.name, learner.slug, learner.createdAt]);
    return learner;
  });
}

export async function getLearner(id: string, db?: SqlDatabase): Promise<Learner | undefined> {
  const row = await (await handle(db)).get('SELECT * FROM learners WHERE id = ?', [id]);
  return row === undefined || row === null ? undefined : toLearner(row);
}

export async function listLearners(db?: SqlDatabase): Promise<Learner[]> {
  return (await (await handle(db)).all('SELECT * FROM learners ORDER BY created_at, id')).map(toLearner);
}

export async function getProgress(learnerId: string, exerciseId: string, db?: SqlDatabase): Promise<ExerciseProgress | undefined> {
  const row = await (await handle(db)).get('SELECT * FROM learner_progress WHERE learner_id = ? AND exercise_id = ?', [learnerId, exerciseId]);
  return row === undefined || row === null ? undefined : toProgress(row);
}

/** Every progress row, or one learner's. */
export async function listProgress(learnerId?: string, db?: SqlDatabase): Promise<ExerciseProgress[]> {
  const store = await handle(db);
  const rows = learnerId === undefined ? await store.all('SELECT * FROM learner_progress') : await store.all('SELECT * FROM learner_progress WHERE learner_id = ?', [learnerId]);
  return rows.map(toProgress);
}

/** The exercise a design was created for, if any (the wizard shows the learner's task above it). */
export async function getProgressByDesign(designId: string, db?: SqlDatabase): Promise<ExerciseProgress | undefined> {
  const row = await (await handle(db)).get('SELECT * FROM learner_progress WHERE design_id = ?', [designId]);
  return row === undefined || row === null ? undefined : toProgress(row);
}

export async function saveProgress(p: ExerciseProgress, learnerName: string, db?: SqlDatabase): Promise<void> {
  const now = new Date().toISOString();
  await (await handle(db)).run(
    `INSERT INTO learner_progress (learner_id, learner_name, exercise_id, status, attempts, started_at, updated_at, completed_at, design_id, stage_index, failed_checks, last_check_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (learner_id, exercise_id) DO UPDATE SET learner_name = excluded.learner_name, status = excluded.status, attempts = excluded.attempts,
       started_at = excluded.started_at, updated_at = excluded.updated_at, completed_at = excluded.completed_at, design_id = excluded.design_id,
       stage_index = excluded.stage_index, failed_checks = excluded.failed_checks, last_check_json = excluded.last_check_json`,
    [p.learnerId, learnerName, p.exerciseId, p.completedAt ? 'completed' : 'started', p.attempts, p.startedAt, now, p.completedAt ?? null, p.designId ?? null, p.stageIndex, p.failedChecks, p.lastCheck ? JSON.stringify(p.lastCheck) : null],
  );
}

/** Forgets a learner's progress (after "Reset my sandbox"); the learner stays registered. */
export async function clearProgress(learnerId: string, db?: SqlDatabase): Promise<number> {
  return (await (await handle(db)).run('DELETE FROM learner_progress WHERE learner_id = ?', [learnerId])).changes;
}
