import { expect, test } from '@playwright/test';
import { createDesign } from './helpers';

test('no internal words on any page a user looks at; findings link the public AWS article', async ({ page }) => {
  const designId = await createDesign(page, 'AWS query protocol (as documented)');
  const pages = ['/designs', `/designs/${designId}/queue`, `/designs/${designId}/integration`, `/designs/${designId}/template`, `/designs/${designId}/review`, `/designs/${designId}/deploy`, `/designs/${designId}/test`, '/integrations', '/sandbox', '/settings'];
  for (const url of pages) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    expect(text, url).not.toMatch(/\bseed\b|unverified|aws-reference/i);
    // No rule ids shown as text.
    expect(text, url).not.toMatch(/\bquery-body-not-urlencoded\b|\baccess-denied-policy\b/);
  }
  await page.goto(`/designs/${designId}/review`);
  const finding = page.getByTestId('finding-query-body-not-urlencoded').first();
  await expect(finding).toContainText('AWS Knowledge Center');
  await expect(finding.getByRole('link', { name: /How do I integrate an API Gateway REST API with Amazon SQS/ })).toHaveAttribute('href', 'https://repost.aws/knowledge-center/api-gateway-rest-api-sqs-errors');
});
