import nextVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

const config = [
  { ignores: ['.next/**', 'node_modules/**', '.sluice/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  ...nextVitals,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The pure cores run in the browser and in Node: no framework, SDK or I/O (docs/product.md "Pure cores").
    files: ['lib/design/**', 'lib/vtl/**', 'lib/gateway/**', 'lib/doctor/**', 'lib/iam/**', 'lib/iac/**', 'lib/sqs/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'next', 'next/*'], message: 'Pure cores import no framework.' },
          { group: ['@aws-sdk/*', '@smithy/*'], message: 'Pure cores import no SDK (type-only imports are fine).', allowTypeImports: true },
          { group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'libsql', 'server-only'], message: 'Pure cores do no I/O.' },
          { group: ['@/lib/sandbox/*', '@/lib/aws/*', '@/lib/store/*', '@/lib/actions/*'], message: 'Pure cores do not depend on I/O layers.' },
          { group: ['@/components/*', '@/app/*'], message: 'lib/ never imports UI code: move the shared helper into lib/.' },
        ],
      }],
    },
  },
  {
    // lib/ is below the UI: shared helpers live in lib/ and components import them, never the other way round.
    files: ['lib/**'],
    ignores: ['lib/design/**', 'lib/vtl/**', 'lib/gateway/**', 'lib/doctor/**', 'lib/iam/**', 'lib/iac/**', 'lib/sqs/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/components/*', '@/app/*', '**/components/*'], message: 'lib/ never imports UI code: move the shared helper into lib/.' }],
      }],
    },
  },
  {
    // The wizard's first-load JS budget (issue: ≤ 180 KB gzip, `npm run bench`): what every wizard page loads before
    // hydration must not pull in the schema library or the query library. The schema, VTL engine and doctor arrive
    // through components/wizard/engine.ts with import() after hydration; TanStack Query is mounted only by the
    // sections that poll.
    files: ['components/wizard/**/*.{ts,tsx}', 'components/preview/**/*.{ts,tsx}', 'components/nav/**/*.{ts,tsx}', 'components/ui/**/*.{ts,tsx}', 'app/(console)/layout.tsx'],
    ignores: ['components/wizard/engine.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['zod', 'zod/*'], message: 'The wizard loads zod after hydration: validate through the engine (components/wizard/engine.ts) or on the server.', allowTypeImports: true },
          { group: ['@tanstack/react-query'], message: 'TanStack Query is mounted by the polling sections\' layouts only (components/providers/query-provider.tsx).' },
        ],
      }],
    },
  },
];

export default config;
