'use client';

import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { monaco } from './monaco-setup';
import type { CodeEditorProps, EditorMarker } from './types';

type StandaloneEditor = Parameters<OnMount>[0];

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

function toMonacoMarkers(markers: readonly EditorMarker[], model: monaco.editor.ITextModel): monaco.editor.IMarkerData[] {
  const lines = model.getLineCount();
  return markers.map((m) => {
    const line = Math.min(Math.max(1, m.line), lines);
    const endLine = Math.min(m.endLine ?? line, lines);
    return {
      severity: SEVERITY[m.severity],
      message: m.message,
      source: m.source,
      startLineNumber: line,
      startColumn: Math.max(1, m.column),
      endLineNumber: endLine,
      endColumn: m.endColumn ?? model.getLineMaxColumn(endLine),
    };
  });
}

export function MonacoCodeEditor({ id, label, language, value, onChange, markers = [], height = 220, testId }: CodeEditorProps) {
  const editorRef = useRef<StandaloneEditor | null>(null);
  const [isMounted, setIsMounted] = useState(false);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'sluice', toMonacoMarkers(markers, model));
  }, [markers, isMounted, value]);

  return (
    <div id={id} data-testid={testId} role="group" aria-label={label} className="overflow-hidden rounded-md border border-slate-300 focus-within:outline-2 focus-within:outline-brand-500">
      <Editor
        height={height}
        language={language}
        value={value}
        path={`inmemory://sluice/${id}.${language === 'vtl' ? 'vtl' : 'json'}`}
        onChange={(v) => onChange(v ?? '')}
        onMount={(editor) => {
          editorRef.current = editor;
          setIsMounted(true);
        }}
        options={{
          ariaLabel: label,
          // Chromium's EditContext drops or reorders keystrokes typed by automation (docs/toolchain.md).
          editContext: false,
          minimap: { enabled: false },
          fontSize: 13,
          lineNumbers: 'on',
          scrollBeyondLastLine: false,
          wordWrap: 'on',
          // Tab moves focus on, so keyboard users are never trapped in the editor; Ctrl+M makes Tab indent instead.
          tabFocusMode: true,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          renderValidationDecorations: 'on',
        }}
      />
      <p className="border-t border-slate-200 bg-slate-50 px-2 py-1 text-[11px] text-slate-500">
        <kbd>Tab</kbd> moves to the next field; <kbd>Ctrl</kbd>+<kbd>M</kbd> (<kbd>⌃⇧M</kbd> on macOS) makes it indent instead. <kbd>F8</kbd> jumps to the next problem, <kbd>Ctrl</kbd>+<kbd>Space</kbd> suggests.
      </p>
    </div>
  );
}
