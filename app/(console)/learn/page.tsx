import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { COURSE, PART_TITLES, type CourseItem } from '@/lib/learn/course';
import { learnerPrefix } from '@/lib/learn/names';
import { getCurrentLearner } from '@/lib/learn-session';
import { listProgress } from '@/lib/store/learners';
import { LearnerControls } from './_components/learner-controls';
import { LearnerForm } from './_components/learner-form';

export const metadata = { title: 'Learn' };
export const dynamic = 'force-dynamic';

const PARTS: CourseItem['part'][] = ['picture', 'build', 'break', 'beyond'];

export default async function LearnPage() {
  const learner = await getCurrentLearner();
  const progress = learner ? await listProgress(learner.id) : [];
  const status = (id: string) => {
    const p = progress.find((x) => x.exerciseId === id);
    if (!p) return undefined;
    return p.completedAt ? 'completed' : 'started';
  };
  const exercises = COURSE.filter((c) => c.kind === 'exercise');
  const done = exercises.filter((e) => status(e.id) === 'completed').length;
  const minutes = COURSE.reduce((n, c) => n + c.minutes, 0);
  return (
    <>
      <PageHeader
        title="Learn"
        description={`A course on API Gateway → SQS integrations: the picture, both protocols built step by step, and one exercise per documented error — each checked against your own resources in the sandbox. About ${Math.round(minutes / 5) * 5} minutes.`}
        actions={
          <div className="flex gap-3 text-sm">
            <Link href="/learn/glossary" className="text-brand-700 underline">
              Glossary
            </Link>
            <Link href="/learn/team" className="text-brand-700 underline">
              Team progress
            </Link>
          </div>
        }
      />
      <section aria-labelledby="learner" className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="learner" className="mb-2 text-lg font-semibold">
          {learner ? `Welcome back, ${learner.name}` : 'Who are you?'}
        </h2>
        {learner ? (
          <>
            <p className="mb-3 text-sm text-slate-700" data-testid="course-progress">
              {done} of {exercises.length} exercises completed.
            </p>
            <LearnerControls name={learner.name} prefix={learnerPrefix(learner.slug)} />
          </>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-700">Pick a name once. Everything your exercises create in the sandbox is named after it, so a whole team can share this console and reset only their own resources.</p>
            <LearnerForm />
          </>
        )}
      </section>
      {PARTS.map((part) => (
        <section key={part} aria-labelledby={`part-${part}`} className="mb-6">
          <h2 id={`part-${part}`} className="mb-2 text-lg font-semibold">
            {PART_TITLES[part]}
          </h2>
          <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {COURSE.filter((c) => c.part === part).map((c) => {
              const s = c.kind === 'exercise' ? status(c.id) : undefined;
              return (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                  <Link href={`/learn/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.title}
                  </Link>
                  <span className="text-xs text-slate-600" data-testid={`status-${c.id}`}>
                    {c.kind === 'lesson' ? 'Reading' : s === 'completed' ? '✓ Completed' : s === 'started' ? 'In progress' : 'Not started'} · {c.minutes} min
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </>
  );
}
