import { PageHeader } from '@/components/ui/page-header';
import { ImportWorkbench } from './_components/import-workbench';

export const metadata = { title: 'Import' };

/** Import an existing config: every API Gateway → SQS method it defines, doctored line by line, becomes a design in one click. */
export default function ImportPage() {
  return (
    <>
      <PageHeader
        title="Import"
        description="Paste or upload a serverless.yml, a CloudFormation or AWS SAM template, or an OpenAPI 3 / Swagger 2 document (YAML or JSON). Sluice finds every API Gateway method that sends to Amazon SQS, runs the doctor on it, and shows each finding next to the line it comes from."
      />
      <ImportWorkbench />
    </>
  );
}
