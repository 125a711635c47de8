import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { PRESET_IDS, PRESETS } from '@/lib/design';

export const metadata = { title: 'Designs' };

export default function DesignsPage() {
  return (
    <>
      <PageHeader
        title="Designs"
        description="A design describes one API Gateway method that sends to Amazon SQS: queue, execution role, protocol, mappings and responses. Start from a preset that follows the AWS documentation."
      />
      <div className="grid gap-4 md:grid-cols-2">
        {PRESET_IDS.map((id) => (
          <Card key={id} title={PRESETS[id].title}>
            <p className="text-sm text-slate-600">{PRESETS[id].summary}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
