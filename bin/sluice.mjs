#!/usr/bin/env node
// Entry point of the `sluice` CLI. The CLI is TypeScript run through tsx so that it shares lib/ with the console
// without a separate build step.
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

// `server-only` throws unless React's server condition is active; the CLI runs only on the server, so it resolves
// to an empty module here.
registerHooks(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(s, c, next) { if (s === "server-only") return { url: "data:text/javascript,", shortCircuit: true }; return next(s, c); }',
    ),
  import.meta.url,
);
registerTsx();

const { main } = await import('../cli/index.ts');
await main(process.argv);
