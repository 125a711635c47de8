import { PageHeader } from '@/components/ui/page-header';
import { LearnBreadcrumb } from '../_components/learn-breadcrumb';
import { GLOSSARY } from '@/lib/learn/course';

export const metadata = { title: 'Glossary · Learn' };

export default function GlossaryPage() {
  return (
    <div className="max-w-3xl">
      <LearnBreadcrumb />
      <PageHeader title="Glossary" description="The AWS words the course and the wizard use, in the sense API Gateway and Amazon SQS give them." />
      <dl className="space-y-4">
        {GLOSSARY.map((g) => (
          <div key={g.term} id={g.term.toLowerCase().replace(/[^a-z0-9]+/g, '-')}>
            <dt className="font-semibold">{g.term}</dt>
            <dd className="text-sm leading-6 text-slate-800">
              {g.definition}
              {g.source ? (
                <>
                  {' '}
                  <a href={g.source.url} className="text-brand-700 underline" rel="noreferrer" target="_blank">
                    {g.source.title}
                  </a>
                </>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
