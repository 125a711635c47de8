import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { COURSE, courseItem, PART_TITLES, type Place } from '@/lib/learn/course';
import { helpFor } from '@/lib/learn/evaluate';
import { learnerPrefix } from '@/lib/learn/names';
import { getCurrentLearner } from '@/lib/learn-session';
import { getProgress } from '@/lib/store/learners';
import { ExercisePanel, type StageView } from '../_components/exercise-panel';
import { LearnBreadcrumb } from '../_components/learn-breadcrumb';
import { LearnerForm } from '../_components/learner-form';

export const dynamic = 'force-dynamic';

const PLACE_LABELS: Record<Place, string> = {
  queue: 'Queue step',
  role: 'Execution role step',
  protocol: 'Protocol step',
  integration: 'Integration step',
  headers: 'Headers step',
  template: 'Mapping template step',
  responses: 'Responses step',
  review: 'Review step',
  deploy: 'Deploy tab',
  test: 'Test tab',
  integrations: 'Integrations page',
};

function placeHref(place: Place, designId: string): string {
  if (place === 'integrations') return '/integrations';
  return `/designs/${designId}/${place}`;
}

export async function generateMetadata({ params }: { params: Promise<{ itemId: string }> }) {
  const item = courseItem((await params).itemId);
  return { title: item ? `${item.title} · Learn` : 'Learn' };
}

export default async function CourseItemPage({ params }: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await params;
  const item = courseItem(itemId);
  if (!item) notFound();
  const index = COURSE.indexOf(item);
  const previous = COURSE[index - 1];
  const next = COURSE[index + 1];
  const learner = await getCurrentLearner();
  const pager = (
    <nav aria-label="Course" className="mt-8 flex flex-wrap justify-between gap-3 text-sm [overflow-wrap:anywhere]">
      {previous ? (
        <Link href={`/learn/${previous.id}`} className="text-brand-700 underline">
          ← {previous.title}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`/learn/${next.id}`} className="text-brand-700 underline">
          Next: {next.title} →
        </Link>
      ) : (
        <Link href="/learn" className="text-brand-700 underline">
          Back to the course
        </Link>
      )}
    </nav>
  );

  if (item.kind === 'lesson') {
    return (
      <article className="max-w-3xl [overflow-wrap:anywhere]">
        <LearnBreadcrumb>
          {PART_TITLES[item.part]} · about {item.minutes} min
        </LearnBreadcrumb>
        <PageHeader title={item.title} />
        {item.sections.map((s) => (
          <section key={s.heading} className="mb-6">
            <h2 className="mb-2 text-lg font-semibold">{s.heading}</h2>
            {s.paragraphs.map((p) => (
              <p key={p} className="mb-3 text-sm leading-6 text-slate-800">
                {p}
              </p>
            ))}
          </section>
        ))}
        <p className="text-sm text-slate-600">
          Source:{' '}
          <a href={item.source.url} className="text-brand-700 underline" rel="noreferrer" target="_blank">
            {item.source.title}
          </a>
          . Words used here are explained in the{' '}
          <Link href="/learn/glossary" className="underline">
            glossary
          </Link>
          .
        </p>
        {pager}
      </article>
    );
  }

  const progress = learner ? await getProgress(learner.id, item.id) : undefined;
  const stageIndex = progress?.stageIndex ?? 0;
  const help = helpFor(progress?.failedChecks ?? 0);
  const stages: StageView[] = item.stages.map((s, i) => ({
    id: s.id,
    goal: s.goal,
    places: progress?.designId ? s.places.map((p) => ({ label: PLACE_LABELS[p], href: placeHref(p, progress.designId!) })) : [],
    ...(i === stageIndex && help.hint ? { hint: s.hint } : {}),
    ...(i === stageIndex && help.solution ? { solution: s.solution } : {}),
  }));
  return (
    <article className="max-w-4xl [overflow-wrap:anywhere]">
      <LearnBreadcrumb>
        {PART_TITLES[item.part]} · about {item.minutes} min
      </LearnBreadcrumb>
      <PageHeader title={item.title} />
      <section aria-labelledby="why" className="mb-5">
        <h2 id="why" className="mb-1 text-lg font-semibold">
          Why
        </h2>
        <p className="text-sm leading-6 text-slate-800">{item.why}</p>
        <p className="mt-1 text-sm">
          <a href={item.source.url} className="text-brand-700 underline" rel="noreferrer" target="_blank">
            {item.source.title}
          </a>
        </p>
      </section>
      <section aria-labelledby="task" className="mb-5">
        <h2 id="task" className="mb-1 text-lg font-semibold">
          Your task
        </h2>
        <p className="text-sm leading-6 text-slate-800">{item.task}</p>
      </section>
      {learner ? (
        <ExercisePanel
          exerciseId={item.id}
          {...(progress?.designId ? { designId: progress.designId } : {})}
          stages={stages}
          stageIndex={stageIndex}
          completed={progress?.completedAt !== undefined}
          {...(progress?.lastCheck ? { lastCheck: progress.lastCheck } : {})}
        />
      ) : (
        <section aria-labelledby="who" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="who" className="mb-2 text-lg font-semibold">
            Who are you?
          </h2>
          <p className="mb-3 text-sm text-slate-700">Pick a name once: your exercises create resources named {learnerPrefix('yourname')}… so that several people can share this console.</p>
          <LearnerForm />
        </section>
      )}
      {pager}
    </article>
  );
}
