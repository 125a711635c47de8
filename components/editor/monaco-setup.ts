import { loader } from '@monaco-editor/react';
// The editor core plus only the contributions the wizard uses; the full `monaco-editor` entry would add every
// language and several MB. Never loaded from a CDN: air-gapped installs have none (docs/toolchain.md).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/features/codicon/register';
// The JSON language loads the rest of Monaco's contributions lazily, after the editor services are initialised; two
// of them need services that must be registered before that or they fail with "depends on UNKNOWN service".
import 'monaco-editor/editor/contrib/codelens/browser/codeLensCache';
import 'monaco-editor/editor/common/services/treeViewsDndService';
import 'monaco-editor/languages/features/json/register';
import { registerVtlLanguage } from './vtl-language';

type WorkerEnvironment = { getWorker: (workerId: string, label: string) => Worker };

(self as typeof self & { MonacoEnvironment?: WorkerEnvironment }).MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === 'json') return new Worker(new URL('monaco-editor/languages/features/json/json.worker', import.meta.url), { type: 'module' });
    return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' });
  },
};

loader.config({ monaco });
registerVtlLanguage(monaco);

export { monaco };
