import 'server-only';
import { cookies } from 'next/headers';
import { getLearner, type Learner } from '@/lib/store/learners';

/** Which learner this browser is: picked once on /learn, kept for a year. Not a credential — the dashboard token is. */
export const LEARNER_COOKIE = 'sluice-learner';
export const LEARNER_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export async function getCurrentLearner(): Promise<Learner | undefined> {
  const id = (await cookies()).get(LEARNER_COOKIE)?.value;
  return id ? await getLearner(id) : undefined;
}
