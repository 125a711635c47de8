'use client';

import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useWizard } from '@/components/wizard/wizard-context';
import { validateDesign } from '@/lib/design';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, exportDesigns, type ExportFormat } from '@/lib/iac';
import { SourceView } from './source-view';

const MIME: Record<ExportFormat, string> = {
  cloudformation: 'application/yaml',
  sam: 'application/yaml',
  serverless: 'application/yaml',
  openapi: 'application/yaml',
  terraform: 'text/plain',
  cdk: 'text/typescript',
  'aws-cli': 'text/x-shellscript',
};

/** The Export tab: the working design (unsaved edits included) as infrastructure as code, to copy or download. */
export function ExportPanel() {
  const { design } = useWizard();
  const [format, setFormat] = useState<ExportFormat>('cloudformation');
  const [copied, setCopied] = useState(false);
  const validation = useMemo(() => validateDesign(design), [design]);
  const file = useMemo(() => (validation.ok ? exportDesigns([validation.design], format) : undefined), [validation, format]);

  if (!validation.ok) {
    return (
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
        <p className="font-semibold">This design cannot be exported yet: AWS would reject it.</p>
        <ul className="mt-2 list-disc pl-5">
          {validation.errors.map((e, i) => (
            <li key={i}>
              <span className="font-mono text-xs">{e.path}</span>: {e.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const download = () => {
    const url = URL.createObjectURL(new Blob([file!.text], { type: MIME[format] }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file!.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="export-format" className="block text-sm font-medium text-slate-700">
            Format
          </label>
          <select id="export-format" value={format} onChange={(e) => { setFormat(e.target.value as ExportFormat); setCopied(false); }} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <Button
          onClick={() =>
            void navigator.clipboard.writeText(file!.text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </Button>
        <Button variant="primary" onClick={download}>
          Download {file!.fileName}
        </Button>
        <span role="status" aria-live="polite" className="text-sm text-emerald-700">
          {copied ? 'Copied to the clipboard.' : ''}
        </span>
      </div>
      <SourceView text={file!.text} label={`${EXPORT_FORMAT_LABELS[format]} export`} />
    </div>
  );
}
