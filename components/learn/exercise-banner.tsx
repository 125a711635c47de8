import Link from 'next/link';
import { exercise } from '@/lib/learn/course';
import { getProgressByDesign } from '@/lib/store/learners';

/**
 * Above the wizard, Deploy and Test pages of an exercise's design: what the learner is doing now and the way back to
 * the exercise's check, so the task, the step and the live preview fit on one laptop screen.
 */
export async function ExerciseBanner({ designId }: { designId: string }) {
  const progress = await getProgressByDesign(designId);
  const ex = progress ? exercise(progress.exerciseId) : undefined;
  if (!progress || !ex) return null;
  const stage = ex.stages[progress.stageIndex];
  return (
    <aside aria-label="Your exercise" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm">
      <p>
        <span className="font-semibold">Learn: {ex.title}.</span> {progress.completedAt || !stage ? 'Completed.' : `Now: ${stage.goal}`}
      </p>
      <Link href={`/learn/${ex.id}`} className="font-medium text-brand-700 underline">
        Back to the exercise and its check
      </Link>
    </aside>
  );
}
