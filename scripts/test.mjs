#!/usr/bin/env node
// The one test command (`npm test`): lint, typecheck, unit tests, production build, browser tests — in that order,
// stopping at the first failing stage — then one closing line `N passed, M failed` counted over unit and browser tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Not test-results/: Playwright empties that directory when it starts.
const out = path.join(root, '.test-reports');
mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const unitJson = path.join(out, 'unit.json');
const e2eJson = path.join(out, 'e2e.json');
const teamJson = path.join(out, 'e2e-team.json');
// A report left by an earlier run must not be counted for this one.
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });
rmSync(teamJson, { force: true });

const stages = [
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['typecheck', bin('tsc'), ['--noEmit', '-p', '.']],
  ['unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]],
  ['build', bin('next'), ['build']],
  ['e2e', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson }],
];
// Two consoles on PostgreSQL with OpenID Connect (e2e/team); .ci/run provides the database.
if (process.env.SLUICE_TEST_DATABASE_URL) stages.push(['e2e-team', bin('playwright'), ['test', '--config', 'playwright.team.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: teamJson }]);
else console.log('e2e/team is skipped: set SLUICE_TEST_DATABASE_URL to a PostgreSQL database (as .ci/run does) to run it.');

// CI also runs the unit suite on the supported newer Node.js lines (SLUICE_TEST_NODE_VERSIONS=22,24), from the npm registry's `node`
// package, so that a move off Node 20 (past end of life; the AWS SDK drops it in 2027) is tested before it happens.
const extraNodes = (process.env.SLUICE_TEST_NODE_VERSIONS ?? '').split(',').map((v) => v.trim()).filter((v) => /^\d+$/.test(v));
const extraUnitJson = (v) => path.join(out, `unit-node${v}.json`);
for (const v of extraNodes) {
  rmSync(extraUnitJson(v), { force: true });
  stages.splice(stages.findIndex(([name]) => name === 'build'), 0, [
    `unit (Node ${v})`,
    'npx',
    ['-y', `node@${v}`, path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${extraUnitJson(v)}`],
  ]);
}

let passed = 0;
let failed = 0;
function count() {
  for (const file of [unitJson, ...extraNodes.map(extraUnitJson)]) {
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
  }
  for (const file of [e2eJson, teamJson]) {
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.stats?.expected ?? 0;
    failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
  }
}

let status = 0;
for (const [name, cmd, args, env] of stages) {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, ...env } });
  console.log(`── ${name}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    status = r.status ?? 1;
    if (!name.startsWith('unit') && name !== 'e2e' && name !== 'e2e-team') failed += 1;
    break;
  }
}
count();
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status);
