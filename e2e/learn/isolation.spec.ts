import { expect, test } from '@playwright/test';
import { check, deploy, register, send, startExercise } from './fixtures';

test.setTimeout(120_000);

test('two learners at once do not interfere; "Reset my sandbox" removes exactly one learner\'s resources', async ({ browser }) => {
  // Separate browsers (contexts) are separate learners: the learner cookie is per browser.
  const anaContext = await browser.newContext();
  const benContext = await browser.newContext();
  const a = await anaContext.newPage();
  const b = await benContext.newPage();
  await register(a, 'Ana Isolation');
  await register(b, 'Ben Isolation');

  const [aId, bId] = await Promise.all([startExercise(a, 'access-denied'), startExercise(b, 'access-denied')]);
  expect(aId).not.toBe(bId);

  // Ana breaks her integration; Ben's identical exercise keeps working.
  await a.goto(`/designs/${aId}/headers`);
  await a.getByRole('button', { name: 'Remove mapping Content-Type' }).click();
  await expect(a.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(a, aId);
  expect(await send(a, aId)).not.toBe('200');
  expect(await send(b, bId)).toBe('200');
  await check(b, 'access-denied', 'failed');
  await expect(b.getByTestId('check-result')).toContainText('answered 200 with message id');

  // The sandbox page shows both learners' queues.
  await a.goto('/sandbox');
  await expect(a.getByText('learn-anaisolation-access-denied').first()).toBeVisible();
  await expect(a.getByText('learn-benisolation-access-denied').first()).toBeVisible();

  await a.goto('/learn');
  await a.getByRole('button', { name: 'Reset my sandbox' }).click();
  await a.getByRole('dialog', { name: 'Reset your sandbox?' }).getByRole('button', { name: 'Reset my sandbox' }).click();
  await expect(a.getByTestId('reset-status')).toContainText('Removed 1 queue, 1 role, 1 REST API and 1 design', { timeout: 30_000 });
  await expect(a.getByTestId('status-access-denied')).toContainText('Not started');

  await a.goto('/sandbox');
  await expect(a.getByText('learn-benisolation-access-denied').first()).toBeVisible();
  await expect(a.getByText('learn-anaisolation-access-denied')).toHaveCount(0);
  expect(await send(b, bId)).toBe('200');

  await b.goto('/learn/team');
  const rows = b.getByTestId('learner-row');
  await expect(rows.filter({ hasText: 'Ana Isolation' })).toContainText('0 of');
  await expect(rows.filter({ hasText: 'Ben Isolation' })).toContainText('learn-benisolation-');
  await expect(b.getByTestId('course-link')).toHaveText(/\/learn$/);
  await anaContext.close();
  await benContext.close();
});

test('the course works with the keyboard alone and links every lesson and exercise', async ({ page }) => {
  await page.goto('/learn');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' })).toHaveAttribute('aria-current', 'page');
  const items = page.getByRole('main').getByRole('listitem').getByRole('link');
  expect(await items.count()).toBeGreaterThanOrEqual(16);
  await page.getByRole('link', { name: 'The picture: from a client to a queue' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'The picture: from a client to a queue' })).toBeVisible();
  await page.getByRole('link', { name: /^Next: / }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /Build it: the AWS query protocol/ })).toBeVisible();
  await page.goto('/learn/glossary');
  await expect(page.getByText('Path override', { exact: true })).toBeVisible();
});
