import { headers } from 'next/headers';
import { PageHeader } from '@/components/ui/page-header';
import { LearnBreadcrumb } from '../_components/learn-breadcrumb';
import { EXERCISES } from '@/lib/learn/course';
import { learnerPrefix } from '@/lib/learn/names';
import { listLearners, listProgress, type ExerciseProgress } from '@/lib/store/learners';

export const metadata = { title: 'Team progress · Learn' };
export const dynamic = 'force-dynamic';

/** Minutes between starting an exercise and its last check (or completion). */
function minutesSpent(p: ExerciseProgress): number {
  const end = p.completedAt ?? p.lastCheck?.at ?? p.startedAt;
  return Math.max(0, (Date.parse(end) - Date.parse(p.startedAt)) / 60_000);
}

export default async function TeamProgressPage() {
  const [learners, progress] = await Promise.all([listLearners(), listProgress()]);
  const h = await headers();
  const host = h.get('host') ?? '127.0.0.1:3000';
  const proto = h.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  const courseLink = `${proto}://${host}/learn`;
  return (
    <>
      <LearnBreadcrumb />
      <PageHeader title="Team progress" description="For a team lead running an onboarding session: who has done which exercise, and for how long." />
      <section aria-labelledby="link" className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="link" className="mb-1 text-lg font-semibold">
          Course link to hand out
        </h2>
        <p className="text-sm text-slate-700">
          Each trainee opens <code className="rounded bg-slate-100 px-1" data-testid="course-link">{courseLink}</code> and picks a name; their resources stay apart from everyone else&apos;s.
        </p>
      </section>
      {learners.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-5 text-sm text-slate-600">No learners yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Learners table">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Learners and their completed exercises</caption>
            <thead className="bg-slate-50 text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2">Learner</th>
                <th scope="col" className="px-4 py-2">Resources</th>
                <th scope="col" className="px-4 py-2">Completed</th>
                <th scope="col" className="px-4 py-2">Time spent</th>
                <th scope="col" className="px-4 py-2">Exercises completed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {learners.map((l) => {
                const mine = progress.filter((p) => p.learnerId === l.id);
                const completed = mine.filter((p) => p.completedAt);
                const minutes = Math.round(mine.reduce((n, p) => n + minutesSpent(p), 0));
                return (
                  <tr key={l.id} data-testid="learner-row">
                    <th scope="row" className="px-4 py-2 font-medium">{l.name}</th>
                    <td className="px-4 py-2"><code>{learnerPrefix(l.slug)}…</code></td>
                    <td className="px-4 py-2">{completed.length} of {EXERCISES.length}</td>
                    <td className="px-4 py-2">{minutes} min</td>
                    <td className="px-4 py-2">{completed.map((p) => EXERCISES.find((e) => e.id === p.exerciseId)?.title ?? p.exerciseId).join(', ') || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
