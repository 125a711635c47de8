import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Integrations' };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader
        title="Integrations"
        description="REST APIs on the active connection whose methods send to Amazon SQS through an AWS service integration."
      />
      <Card>
        <p className="text-sm text-slate-600">
          Discovery of deployed integrations arrives with deployment support. Until then, design an integration under
          Designs and inspect what API Gateway will send.
        </p>
      </Card>
    </>
  );
}
