import { z } from 'zod';

/**
 * Per-learner names. Everything a learner's exercises create in the sandbox starts with `learn-{slug}-`, so ten
 * trainees can share one console without overwriting each other's queues, roles or APIs, and "Reset my sandbox"
 * deletes exactly one learner's resources.
 */

export const learnerNameSchema = z
  .string()
  .trim()
  .min(2, 'Enter at least 2 characters.')
  .max(40, 'Use at most 40 characters.')
  .regex(/[A-Za-z0-9]/, 'Use at least one letter or digit.');

/** `Ana María` → `anamaria`: lower-case letters and digits only, at most 12, so names stay within AWS's limits. */
export function learnerSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12);
  return slug === '' ? 'learner' : slug;
}

/** The prefix of every resource one learner owns; `slug` may carry a numeric suffix when two names collide. */
export function learnerPrefix(slug: string): string {
  return `learn-${slug}-`;
}

/**
 * Queue, role and REST API names of one exercise. Queue names allow 80 characters (including `.fifo`), role names
 * 64, and the short exercise ids keep both far below that.
 */
export function exerciseResourceNames(slug: string, exerciseId: string, fifo: boolean): { queueName: string; roleName: string; apiName: string } {
  const base = `${learnerPrefix(slug)}${exerciseId}`.slice(0, 58);
  return { queueName: fifo ? `${base}.fifo` : base, roleName: `${base}-role`, apiName: base };
}

/** True when a queue, role or API name belongs to the learner with this slug. */
export function ownedBy(slug: string, resourceName: string): boolean {
  return resourceName.startsWith(learnerPrefix(slug));
}
