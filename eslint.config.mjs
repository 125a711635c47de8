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
];

export default config;
