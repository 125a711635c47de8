/** A problem to underline in the editor: 1-based line/column like Monaco's and lib/vtl's. */
export type EditorMarker = {
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  source?: string;
};

export type CodeEditorProps = {
  /** Id of the editor container; the visible label points at it. */
  id: string;
  label: string;
  language: 'vtl' | 'json';
  value: string;
  onChange: (value: string) => void;
  markers?: readonly EditorMarker[];
  /** Pixel height of the editor. */
  height?: number;
  testId?: string;
};
