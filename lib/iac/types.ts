import type { FieldError, IntegrationDesign } from '@/lib/design';
import type { DesignPath, Finding } from '@/lib/doctor';
import type { SourceError, SourcePath } from './source';

export const IMPORT_FORMATS = ['serverless', 'cloudformation', 'sam', 'openapi', 'swagger', 'design'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What an importer found for one method before the doctor runs: the design and where each of its fields came from. */
export type MethodImport = {
  design: IntegrationDesign;
  /** Where the method is defined. */
  source: SourcePath;
  /** Design field → source path it was read from (most specific first wins). */
  origins: [DesignPath, SourcePath][];
};

export type Unsupported = { line: number; path: string; message: string };

export type LocatedFinding = Finding & { line: number };

export type ImportedDesign = {
  design: IntegrationDesign;
  /** Line of the method in the file. */
  line: number;
  /** Doctor findings, each with the line of the file that holds the field. */
  findings: LocatedFinding[];
  /** What validateDesign rejects (API Gateway, SQS or IAM would too), with lines. */
  errors: (FieldError & { line: number })[];
};

export type ImportResult =
  | { ok: true; format: ImportFormat; designs: ImportedDesign[]; unsupported: Unsupported[] }
  | { ok: false; error: SourceError };

export type ImportOptions = {
  /** Stands in for AWS::AccountId, which a template does not know (default: the sandbox's 000000000000). */
  accountId?: string;
  /** Stands in for AWS::Region when the file names none (default us-east-1). */
  region?: string;
};

/** Collects unsupported items with their lines while an importer walks a file. */
export type ImportSink = {
  unsupported: (path: SourcePath, message: string) => void;
};
