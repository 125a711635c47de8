import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openConsoleDatabase } from './db';

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
  startedAt: string;
  completedAt?: string;
  /** The last check's result, as shown to the learner. */
  lastCheck?: { at: string; passed: boolean; items: { ok: boolean; text: string }[] };
};

const ensured = new WeakSet<object>();
function db(dataDir?: string) {
  const handle = openConsoleDatabase(dataDir);
  if (!ensured.has(handle)) {
    handle.exec(`CREATE TABLE IF NOT EXISTS learners (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      slug TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    )`);
    handle.exec(`CREATE TABLE IF NOT EXISTS learner_progress (
      learner_id TEXT NOT NULL,
      exercise_id TEXT NOT NULL,
      design_id TEXT,
      stage_index INTEGER NOT NULL,
      failed_checks INTEGER NOT NULL,
      started_at TEXT NOT NULL,
      completed_at TEXT,
      last_check_json TEXT,
      PRIMARY KEY (learner_id, exercise_id)
    )`);
    ensured.add(handle);
  }
  return handle;
}

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
  stage_index: z.number().int(),
  failed_checks: z.number().int(),
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
    startedAt: r.started_at,
    ...(r.completed_at ? { completedAt: r.completed_at } : {}),
    ...(last?.success ? { lastCheck: last.data } : {}),
  };
}

/** Registers a learner; a slug already taken gets the first free numeric suffix (`ana`, `ana2`, …). */
export function createLearner(name: string, baseSlug: string, dataDir?: string): Learner {
  const handle = db(dataDir);
  const taken = new Set(
    handle
      .prepare("SELECT slug FROM learners WHERE slug = ? OR slug LIKE ? ESCAPE '\\'")
      .all(baseSlug, `${baseSlug.replace(/[%_\\]/g, '\\$&')}%`)
      .map((r) => z.object({ slug: z.string() }).parse(r).slug),
  );
  let slug = baseSlug;
  for (let n = 2; taken.has(slug); n += 1) slug = `${baseSlug}${n}`;
  const learner: Learner = { id: randomUUID(), name, slug, createdAt: new Date().toISOString() };
  handle.prepare('INSERT INTO learners (id, name, slug, created_at) VALUES (?, ?, ?, ?)').run(learner.id, learner.name, learner.slug, learner.createdAt);
  return learner;
}

export function getLearner(id: string, dataDir?: string): Learner | undefined {
  const row: unknown = db(dataDir).prepare('SELECT * FROM learners WHERE id = ?').get(id);
  return row === undefined ? undefined : toLearner(row);
}

export function listLearners(dataDir?: string): Learner[] {
  return db(dataDir).prepare('SELECT * FROM learners ORDER BY created_at, id').all().map(toLearner);
}

export function getProgress(learnerId: string, exerciseId: string, dataDir?: string): ExerciseProgress | undefined {
  const row: unknown = db(dataDir).prepare('SELECT * FROM learner_progress WHERE learner_id = ? AND exercise_id = ?').get(learnerId, exerciseId);
  return row === undefined ? undefined : toProgress(row);
}

export function listProgress(learnerId?: string, dataDir?: string): ExerciseProgress[] {
  const handle = db(dataDir);
  const rows = learnerId === undefined ? handle.prepare('SELECT * FROM learner_progress').all() : handle.prepare('SELECT * FROM learner_progress WHERE learner_id = ?').all(learnerId);
  return rows.map(toProgress);
}

export function saveProgress(p: ExerciseProgress, dataDir?: string): void {
  db(dataDir)
    .prepare(
      `INSERT INTO learner_progress (learner_id, exercise_id, design_id, stage_index, failed_checks, started_at, completed_at, last_check_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (learner_id, exercise_id) DO UPDATE SET design_id = excluded.design_id, stage_index = excluded.stage_index,
         failed_checks = excluded.failed_checks, started_at = excluded.started_at, completed_at = excluded.completed_at, last_check_json = excluded.last_check_json`,
    )
    .run(p.learnerId, p.exerciseId, p.designId ?? null, p.stageIndex, p.failedChecks, p.startedAt, p.completedAt ?? null, p.lastCheck ? JSON.stringify(p.lastCheck) : null);
}

/** Forgets a learner's progress (after "Reset my sandbox"); the learner stays registered. */
export function clearProgress(learnerId: string, dataDir?: string): number {
  return db(dataDir).prepare('DELETE FROM learner_progress WHERE learner_id = ?').run(learnerId).changes;
}

/** The exercise a design was created for, if any (the wizard shows the learner's task above it). */
export function getProgressByDesign(designId: string, dataDir?: string): ExerciseProgress | undefined {
  const row: unknown = db(dataDir).prepare('SELECT * FROM learner_progress WHERE design_id = ?').get(designId);
  return row === undefined ? undefined : toProgress(row);
}
