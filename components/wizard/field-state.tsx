'use client';

import type { ReactNode } from 'react';
import { FieldFindings } from './findings';
import { useWizard } from './wizard-context';

/** Validation errors and doctor findings for the field at `path`, ready to spread onto a field component. */
export function useFieldState(path: string): { errors: string[] | undefined; extra: ReactNode } {
  const { fieldErrors } = useWizard();
  return { errors: fieldErrors[path], extra: <FieldFindings path={path} /> };
}

/** Errors under a path prefix that no single field shows (e.g. cross-field rules on a whole record). */
export function useErrorsUnder(prefix: string): { path: string; messages: string[] }[] {
  const { fieldErrors } = useWizard();
  return Object.entries(fieldErrors)
    .filter(([p]) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`))
    .map(([path, messages]) => ({ path, messages }));
}
