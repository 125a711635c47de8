import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { createDesign, RECOMMENDED } from './helpers';

const WIDTHS = [1280, 390];

async function pagesOf(page: Page): Promise<string[]> {
  const designId = await createDesign(page);
  const steps = ['queue', 'role', 'protocol', 'integration', 'headers', 'template', 'responses', 'review', 'deploy', 'test'];
  return ['/designs', ...steps.map((s) => `/designs/${designId}/${s}`), '/integrations', '/sandbox', '/settings', '/learn', '/learn/the-picture', '/learn/access-denied', '/learn/glossary', '/learn/team', '/no-such-page'];
}

test('at 1280 and 390 px no page scrolls sideways and axe finds no serious or critical violation', async ({ page }) => {
  test.setTimeout(300_000);
  const urls = await pagesOf(page);
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const url of urls) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const by = document.documentElement.scrollWidth - width;
        // Name the outermost elements that stick out, so a failure says where.
        const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1));
        return { by, where: wide.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join('.')}`) };
      });
      if (overflow.by > 0) problems.push(`${width}px ${url}: scrolls sideways by ${overflow.by}px at ${overflow.where.join(', ')}`);
      const result = await new AxeBuilder({ page }).analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        problems.push(`${width}px ${url}: ${v.id} (${v.impact}) on ${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test('focus moves to the first step after Create and to the progress after Apply; Designs → Apply takes few Tab presses', async ({ page }) => {
  await page.goto('/designs');
  await page.getByRole('button', { name: `Create design: ${RECOMMENDED}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Queue', exact: true })).toBeFocused();
  const designId = /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;

  let presses = 0;
  const tabTo = async (target: ReturnType<Page['getByRole']>) => {
    for (let i = 0; i < 200; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
      presses += 1;
    }
    throw new Error('target never focused');
  };
  await page.goto('/designs');
  const designLink = page.locator(`a[href^="/designs/${designId}/"]`).first();
  await tabTo(designLink);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/designs/${designId}/`));
  const deployLink = page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: 'Deploy' });
  await tabTo(deployLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Plan on Built-in sandbox/ })).toBeVisible({ timeout: 20_000 });
  const apply = page.getByRole('button', { name: /^Apply/ });
  await tabTo(apply);
  test.info().annotations.push({ type: 'tab presses Designs → Apply', description: String(presses) });
  expect(presses).toBeLessThan(50);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Apply progress')).toBeFocused({ timeout: 30_000 });
});
