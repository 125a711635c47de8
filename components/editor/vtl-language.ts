import type * as Monaco from 'monaco-editor/editor/editor.api';
import { TEMPLATE_SNIPPETS, VTL_DIRECTIVES, VTL_MEMBERS, type VtlMember } from './vtl-docs';

export const VTL_LANGUAGE_ID = 'vtl';

type MonacoApi = typeof Monaco;

/** Velocity as API Gateway uses it: directives, $references (with ${…} and $!), ## and #* *# comments, strings. */
const monarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.vtl',
  directives: ['set', 'if', 'elseif', 'else', 'end', 'foreach', 'break', 'stop', 'macro', 'define', 'evaluate', 'parse', 'include'],
  tokenizer: {
    root: [
      [/##.*$/, 'comment'],
      [/#\*/, 'comment', '@blockComment'],
      [/#\[\[/, 'string', '@unparsed'],
      [/#\{?(set|if|elseif|foreach|macro|define|evaluate|parse|include)\}?(?=\s*\()/, 'keyword', '@directiveArgs'],
      [/#\{?(else|end|break|stop)\}?/, 'keyword'],
      [/\$!?\{/, 'variable', '@bracedReference'],
      [/\$!?[A-Za-z][\w-]*/, 'variable', '@referenceTail'],
      [/"([^"\\]|\\.)*"/, 'string.quoted'],
      [/[^#$"]+/, ''],
      [/[#$"]/, ''],
    ],
    referenceTail: [
      [/\.[A-Za-z_][\w-]*(?=\()/, 'variable.method'],
      [/\.[A-Za-z_][\w-]*/, 'variable.property'],
      [/\(/, 'delimiter.parenthesis', '@args'],
      [/\[/, 'delimiter.bracket', '@index'],
      ['', '', '@pop'],
    ],
    bracedReference: [
      [/\}/, 'variable', '@pop'],
      [/[A-Za-z_][\w-]*/, 'variable'],
      [/\./, 'delimiter'],
      [/\(/, 'delimiter.parenthesis', '@args'],
      [/'[^']*'|"[^"]*"/, 'string'],
      [/[^}]/, 'variable'],
    ],
    directiveArgs: [[/\(/, 'delimiter.parenthesis', '@args'], ['', '', '@pop']],
    args: [
      [/\)/, 'delimiter.parenthesis', '@pop'],
      [/\(/, 'delimiter.parenthesis', '@push'],
      [/'[^']*'/, 'string'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/\$!?\{?[A-Za-z][\w-]*\}?/, 'variable'],
      [/\b(in|and|or|not|eq|ne|gt|ge|lt|le|true|false|null)\b/, 'keyword.operator'],
      [/-?\d+(\.\d+)?/, 'number'],
      [/==|!=|>=|<=|&&|\|\||[=<>!+\-*/%]/, 'operator'],
      [/\[/, 'delimiter.bracket', '@index'],
      [/\./, 'delimiter'],
      [/[A-Za-z_][\w-]*/, 'variable.property'],
      [/\s+/, ''],
      [/./, ''],
    ],
    index: [
      [/\]/, 'delimiter.bracket', '@pop'],
      [/'[^']*'|"[^"]*"/, 'string'],
      [/\d+/, 'number'],
      [/\$!?[A-Za-z][\w-]*/, 'variable'],
      [/./, ''],
    ],
    blockComment: [
      [/\*#/, 'comment', '@pop'],
      [/[^*]+/, 'comment'],
      [/\*/, 'comment'],
    ],
    unparsed: [
      [/\]\]#/, 'string', '@pop'],
      [/[^\]]+/, 'string'],
      [/\]/, 'string'],
    ],
  },
};

function memberFor(root: keyof typeof VTL_MEMBERS, name: string): VtlMember | undefined {
  return VTL_MEMBERS[root].find((m) => m.name === name) ?? (root === 'stageVariables' ? VTL_MEMBERS.stageVariables[0] : undefined);
}

let registered = false;

/** Registers the `vtl` language once: tokenizer, brackets, completion (members, directives, snippets) and hover docs. */
export function registerVtlLanguage(monaco: MonacoApi): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: VTL_LANGUAGE_ID, aliases: ['Velocity', 'VTL'], extensions: ['.vtl', '.vm'] });
  monaco.languages.setMonarchTokensProvider(VTL_LANGUAGE_ID, monarch);
  monaco.languages.setLanguageConfiguration(VTL_LANGUAGE_ID, {
    comments: { lineComment: '##', blockComment: ['#*', '*#'] },
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '{', close: '}' },
      { open: '"', close: '"', notIn: ['string'] },
      { open: "'", close: "'", notIn: ['string'] },
    ],
  });

  const { CompletionItemKind, CompletionItemInsertTextRule } = monaco.languages;
  monaco.languages.registerCompletionItemProvider(VTL_LANGUAGE_ID, {
    triggerCharacters: ['.', '$', '#'],
    provideCompletionItems(model, position) {
      const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const member = /\$!?\{?(input|util|context|stageVariables)\.([\w.]*)$/.exec(line);
      if (member) {
        const root = member[1] as keyof typeof VTL_MEMBERS;
        return {
          suggestions: VTL_MEMBERS[root].map((m) => ({
            label: m.name,
            kind: m.insertText?.includes('(') ? CompletionItemKind.Method : CompletionItemKind.Property,
            detail: m.signature,
            documentation: { value: m.doc },
            insertText: m.insertText ?? m.name,
            insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
            range,
          })),
        };
      }
      if (/#\w*$/.test(line)) {
        return {
          suggestions: VTL_DIRECTIVES.map((d) => ({
            label: `#${d.name}`,
            kind: CompletionItemKind.Keyword,
            detail: d.signature,
            documentation: { value: d.doc },
            insertText: d.insertText ?? d.name,
            insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
            range,
          })),
        };
      }
      if (/\$!?\{?\w*$/.test(line)) {
        return {
          suggestions: (['input', 'util', 'context', 'stageVariables'] as const).map((root) => ({
            label: `$${root}`,
            kind: CompletionItemKind.Variable,
            documentation: { value: VTL_MEMBERS[root].map((m) => `\`${m.signature}\``).join('  \n') },
            insertText: root,
            range,
          })),
        };
      }
      return {
        suggestions: TEMPLATE_SNIPPETS.map((s) => ({
          label: s.label,
          kind: CompletionItemKind.Snippet,
          detail: s.detail,
          documentation: { value: `\`\`\`\n${s.body}\n\`\`\`` },
          insertText: s.body,
          range,
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider(VTL_LANGUAGE_ID, {
    provideHover(model, position) {
      const line = model.getLineContent(position.lineNumber);
      const re = /\$!?\{?(input|util|context|stageVariables)\.([A-Za-z_][\w-]*)/g;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        const start = m.index + 1;
        const end = start + m[0].length;
        if (position.column < start || position.column > end) continue;
        const root = m[1] as keyof typeof VTL_MEMBERS;
        const doc = memberFor(root, m[2]!);
        if (!doc) return null;
        return {
          range: new monaco.Range(position.lineNumber, start, position.lineNumber, end),
          contents: [{ value: `**${doc.signature}**` }, { value: doc.doc }],
        };
      }
      const directive = /#\{?(set|if|elseif|else|foreach|end)\b/g;
      for (let m = directive.exec(line); m; m = directive.exec(line)) {
        const start = m.index + 1;
        if (position.column < start || position.column > start + m[0].length) continue;
        const doc = VTL_DIRECTIVES.find((d) => d.name === m[1]) ?? VTL_DIRECTIVES.find((d) => d.name === 'if');
        return doc ? { contents: [{ value: `**${doc.signature}**` }, { value: doc.doc }] } : null;
      }
      return null;
    },
  });
}
