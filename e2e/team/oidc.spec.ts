import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import pg from 'pg';
import { clusterState, ports, startConsole, waitForConsole } from './cluster';

const consoleUrl = (i: 0 | 1) => `http://127.0.0.1:${ports.consoles[i]}`;

test.describe.configure({ mode: 'serial' });

/** Signs in through the identity provider's own login page, starting on console `i`. */
async function signIn(browser: Browser, login: 'vera' | 'otto', i: 0 | 1): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${consoleUrl(i)}/designs`);
  await expect(page).toHaveURL(/\/login\?next=%2Fdesigns/);
  await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${ports.oidc}/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
  await expect(page).toHaveURL(`${consoleUrl(i)}/designs`);
  return { context, page };
}

async function createDesign(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/designs`);
  await page.getByRole('button', { name: 'Create design: AWS query protocol (as documented)' }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;
}

async function openDeploy(page: Page, base: string, designId: string, connectionName = 'Built-in sandbox') {
  await page.goto(`${base}/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: new RegExp(`^Plan on ${connectionName}`) })).toBeVisible({ timeout: 30_000 });
}

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: clusterState().databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

let designId = '';
/** The operator's apply request as the browser sent it (the server action's id and body), replayed as the viewer. */
let applyRequest: { url: string; headers: Record<string, string>; body: string } | undefined;

test('an operator signs in through the identity provider and applies a design', async ({ browser }) => {
  const { context, page } = await signIn(browser, 'otto', 0);
  await expect(page.getByTestId('signed-in-user')).toHaveText('Otto Operator');
  await expect(page.getByText('operator', { exact: true })).toBeVisible();
  designId = await createDesign(page, consoleUrl(0));
  await openDeploy(page, consoleUrl(0), designId);
  page.on('request', (req) => {
    const headers = req.headers();
    if (req.method() === 'POST' && headers['next-action'] && req.postData()?.includes(designId) && !applyRequest) applyRequest = { url: req.url(), headers, body: req.postData() ?? '' };
  });
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 60_000 });
  expect(applyRequest).toBeDefined();
  await context.close();
});

test('a viewer signed in on the other instance sees the plan without an Apply button, and the apply action refuses them', async ({ browser }) => {
  const { context, page } = await signIn(browser, 'vera', 1);
  await expect(page.getByTestId('signed-in-user')).toHaveText('Vera Viewer');
  await openDeploy(page, consoleUrl(1), designId);
  await expect(page.getByText(/signed in with the viewer role; applying and tearing down need the operator role/)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Tear down…' })).toHaveCount(0);
  // The same server action call the operator's browser made, with the viewer's session.
  const { headers, body } = applyRequest!;
  const res = await page.request.post(`${consoleUrl(1)}/designs/${designId}/deploy`, { headers: { origin: consoleUrl(1), 'next-action': headers['next-action']!, 'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component' }, data: body });
  expect(await res.text()).toContain('needs the operator role; you are signed in as Vera Viewer with the viewer role');
  await expect(page.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(`${consoleUrl(1)}/designs`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await context.close();
});

test('the audit log shows the operator’s apply with its SDK calls and the viewer’s refused attempt, and exports them as JSON Lines', async ({ browser }) => {
  const { context, page } = await signIn(browser, 'otto', 1);
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByLabel('Design id').fill(designId);
  await page.getByRole('button', { name: 'Filter' }).click();
  const table = page.getByRole('table', { name: 'Audit entries' });
  const applied = table.getByRole('row').filter({ hasText: 'Otto Operator' }).filter({ has: page.getByRole('cell', { name: 'apply', exact: true }) }).filter({ hasText: 'succeeded' });
  await expect(applied).toHaveCount(1);
  await expect(applied).toContainText('Built-in sandbox');
  await expect(applied).toContainText(/\d+ SDK calls/);
  const refused = table.getByRole('row').filter({ hasText: 'Vera Viewer' }).filter({ has: page.getByRole('cell', { name: 'apply.start', exact: true }) });
  await expect(refused).toContainText('refused');
  const exported = await page.request.get(`${consoleUrl(1)}/audit/export?designId=${designId}`);
  expect(exported.headers()['content-type']).toContain('application/x-ndjson');
  const lines = (await exported.text()).trim().split('\n').map((l) => JSON.parse(l) as { action: string; result: string; actor: { name: string }; calls: string[] });
  expect(lines).toContainEqual(expect.objectContaining({ action: 'apply', result: 'succeeded', actor: expect.objectContaining({ name: 'Otto Operator' }), calls: expect.arrayContaining([expect.stringMatching(/^CreateQueue \(done/)]) }));
  expect(lines).toContainEqual(expect.objectContaining({ action: 'apply.start', result: 'refused', actor: expect.objectContaining({ name: 'Vera Viewer' }) }));
  await context.close();
});

test('two instances apply one design one at a time: both browsers follow the same job', async ({ browser }) => {
  const { context, page } = await signIn(browser, 'otto', 0);
  await context.addCookies([{ name: 'sluice-connection', value: 'slow', url: consoleUrl(0) }]);
  const id = await createDesign(page, consoleUrl(0));
  const other = await context.newPage();
  await Promise.all([openDeploy(page, consoleUrl(0), id, 'Slow sandbox'), openDeploy(other, consoleUrl(1), id, 'Slow sandbox')]);
  await Promise.all([page.getByRole('button', { name: /^Apply/ }).click(), other.getByRole('button', { name: /^Apply/ }).click()]);
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 90_000 });
  await expect(other.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
  const jobs = await query<{ id: string; instance_id: string }>("SELECT id, instance_id FROM apply_jobs WHERE design_id = $1 AND kind = 'apply'", [id]);
  expect(jobs).toHaveLength(1);
  await context.close();
});

test('an apply whose instance is killed with kill -9 is not forgotten: the other instance reports what it had done, and applying again finishes', async ({ browser }) => {
  const { context, page } = await signIn(browser, 'otto', 0);
  await context.addCookies([{ name: 'sluice-connection', value: 'slow', url: consoleUrl(0) }]);
  const id = await createDesign(page, consoleUrl(0));
  await openDeploy(page, consoleUrl(0), id, 'Slow sandbox');
  await page.getByRole('button', { name: /^Apply/ }).click();
  // Wait until the apply has completed a step, then kill its instance outright.
  await expect.poll(async () => (await query<{ completed_json: string }>("SELECT completed_json FROM apply_jobs WHERE design_id = $1 AND status = 'running'", [id]))[0]?.completed_json ?? '[]', { timeout: 30_000, intervals: [100] }).not.toBe('[]');
  const state = clusterState();
  process.kill(-state.consolePids[0]!, 'SIGKILL');

  const other = await context.newPage();
  await openDeploy(other, consoleUrl(1), id, 'Slow sandbox');
  await expect(other.getByRole('heading', { name: 'Apply failed' })).toBeVisible({ timeout: 30_000 });
  await expect(other.getByText(/stopped before it finished\. Steps it had completed: (Create|Allow|Integrate|Declare)/)).toBeVisible();
  const [job] = await query<{ status: string; crash: string }>("SELECT status, crash FROM apply_jobs WHERE design_id = $1 AND kind = 'apply'", [id]);
  expect(job?.status).toBe('failed');

  await other.getByRole('button', { name: /^Re-read live state/ }).click();
  await other.getByRole('button', { name: /^Apply/ }).click();
  await expect(other.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 90_000 });

  // The killed instance comes back and serves the same state.
  const restarted = startConsole(0, state);
  state.consolePids[0] = restarted.pid!;
  const { writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  writeFileSync(path.join(process.env.SLUICE_E2E_TEAM_DIR!, 'cluster.json'), JSON.stringify(state));
  await waitForConsole(0);
  await context.close();
});
