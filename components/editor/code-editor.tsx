'use client';

import dynamic from 'next/dynamic';
import type { CodeEditorProps } from './types';

/**
 * Monaco, loaded on demand in the browser only (it touches `window` at import time and is ~1 MB gzip), so the
 * wizard's first load stays small and only the steps that render an editor pay for it.
 */
export const CodeEditor = dynamic<CodeEditorProps>(() => import('./monaco-code-editor').then((m) => m.MonacoCodeEditor), {
  ssr: false,
  loading: () => (
    <div role="status" className="flex h-40 items-center justify-center rounded-md border border-slate-200 bg-slate-50 text-xs text-slate-500">
      Loading editor…
    </div>
  ),
});

export type { CodeEditorProps, EditorMarker } from './types';
