import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { IntegrationsTable } from './_components/integrations-table';

export const metadata = { title: 'Integrations' };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader
        title="Integrations"
        description="REST APIs on the active connection whose methods send to Amazon SQS through an AWS service integration, with what each stage serves. A stage keeps serving its deployment until you redeploy: drift shows edits that are not live yet."
      />
      <Card>
        <IntegrationsTable />
      </Card>
    </>
  );
}
