import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRapport } from '../support/rapport-process.js';
import { screenshot } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server and dashboard (`npx tsc -b packages/server && node packages/dashboard/scripts/build.mjs`). About
// 40 s on a quiet machine; the timeouts leave room for a busy one.
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const products = [
  { id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea > Black', price: 5, currency: 'GBP' },
  { id: 'assam', name: 'Assam Tea', category: 'Tea > Black', price: 6, currency: 'GBP' },
  { id: 'sencha', name: 'Sencha', category: 'Tea > Green', price: 7, currency: 'GBP' },
  { id: 'mug', name: 'Stoneware Mug', category: 'Kitchen', price: 12, currency: 'GBP' },
  { id: 'teapot', name: 'Cast Iron Teapot', category: 'Kitchen', price: 35, currency: 'GBP' },
  { id: 'gift-card', name: 'Gift Card', category: 'Gifts', price: 25, currency: 'GBP' },
];

// Orders more than 30 days old to learn from and recent ones to test on (`rapport recs evaluate --test-days 30`):
// Earl Grey and the mug are bought together three times, the gift card is among the best sellers.
const orders: [user: string, days: number, items: string[]][] = [
  ['ada', 50, ['earl-grey', 'mug', 'gift-card']],
  ['bea', 45, ['earl-grey', 'mug', 'teapot']],
  ['cy', 40, ['earl-grey', 'mug', 'gift-card']],
  ['dan', 38, ['assam', 'teapot', 'gift-card']],
  ['eve', 35, ['sencha', 'mug', 'gift-card']],
  ['ada', 10, ['assam']],
  ['bea', 5, ['sencha', 'gift-card']],
  ['cy', 8, ['teapot']],
  ['dan', 3, ['mug']],
  ['eve', 2, ['earl-grey']],
];

describe('the Recommendations screens in a browser', () => {
  let shop: SignedInShop;

  beforeAll(async () => {
    shop = await startSignedInShop();
    await shop.admin('PUT', '/api/v1/catalog/products', { products });
    await shop.send([
      ...orders.map(([userId, days, items], i) => ({
        type: 'track',
        event: 'Order Completed',
        userId,
        timestamp: daysAgo(days),
        properties: { order_id: `o-${i}`, revenue: 10, products: items.map((product_id) => ({ product_id, price: 5, quantity: 1 })) },
      })),
      { type: 'identify', userId: 'ada', traits: { name: 'Ada Lovelace', email: 'ada@example.com' }, timestamp: daysAgo(50) },
      { type: 'track', event: 'Product Viewed', userId: 'ada', timestamp: daysAgo(1), properties: { product_id: 'sencha', name: 'Sencha' } },
      { type: 'track', event: 'Product Viewed', userId: 'ada', timestamp: daysAgo(1), properties: { product_id: 'teapot', name: 'Cast Iron Teapot' } },
    ]);
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
  });

  // An input by its whole label (Mantine adds " *" to the label of a required field; a select's list has it too).
  const field = (page: Page, label: string) => page.locator('input').and(page.getByLabel(new RegExp(`^${label}( \\*)?$`)));
  // Picks an option of a searchable select: types, then clicks the option the server found.
  const pick = async (page: Page, label: string, text: string, option: RegExp) => {
    await field(page, label).fill(text);
    await page.getByRole('option', { name: option }).click();
  };
  const previewReasons = (page: Page) => page.getByTestId('preview-reason').allTextContents();
  const previewNames = async (page: Page) => (await page.getByTestId('preview-item').allTextContents()).join(' | ');

  it('offers presets to a new shop, creates a recommender with the form and previews it for a product and a person', async () => {
    const page = await shop.ownerPage('desktop', '/app/recommendations');
    await page.getByText('No recommender yet').waitFor();
    expect(await page.getByRole('link', { name: /^Start from/ }).count()).toBe(3);
    await screenshot(page, 'recommendations-empty', 'desktop');

    await page.getByRole('link', { name: 'Or start from scratch' }).click();
    await field(page, 'Name').fill('PDP cross sell');
    await field(page, 'Description').fill('Product page: goes well with');
    await field(page, 'Strategy').click();
    await page.getByRole('option', { name: /Often bought together/ }).click();
    const never = field(page, 'Never these categories');
    await never.fill('Gifts');
    await never.press('Enter');

    // Under Earl Grey: what was bought with it, with its reason — the form's rules apply before it is saved.
    await pick(page, 'Product', 'Earl', /Earl Grey Tea/);
    await expect.poll(() => previewReasons(page)).toContain('Often bought with Earl Grey Tea');
    expect(await page.getByTestId('preview-item').filter({ hasText: 'Often bought with Earl Grey Tea' }).first().textContent()).toContain('Stoneware Mug');
    // For a person: this strategy needs a product, so the fallback (popular) answers — without the gift card, which
    // the form's "never Gifts" leaves out before anything is saved.
    await page.getByText('For a person').click();
    await pick(page, 'Person', 'ada', /Ada Lovelace/);
    await page.getByText('Filled up by the fallback').waitFor();
    await expect.poll(() => page.getByTestId('preview-item').count()).toBeGreaterThan(0);
    expect(await previewNames(page)).not.toContain('Gift Card');
    // Without the rule (Backspace takes the last category out), the gift card comes back at once.
    await never.press('Backspace');
    await expect.poll(() => previewNames(page)).toContain('Gift Card');
    await never.fill('Gifts');
    await never.press('Enter');
    await expect.poll(() => previewNames(page)).not.toContain('Gift Card');
    expect((await previewReasons(page)).every((r) => r.length > 0)).toBe(true);

    // A name pages cannot use is refused next to its field.
    await page.getByRole('button', { name: 'Create the recommender' }).click();
    await page.getByText(/Use lower-case letters/).waitFor();
    await field(page, 'Name').fill('pdp-cross-sell');
    await page.getByRole('button', { name: 'Create the recommender' }).click();
    await page.waitForURL(/\/app\/recommendations\/edit\/pdp-cross-sell$/);

    // Saved, the preview asks for the recommender by name: its rule leaves the gift card out.
    await page.getByText('What “pdp-cross-sell” shows, with its rules and fallback.').waitFor();
    await page.getByText('For a person').click();
    await pick(page, 'Person', 'ada', /Ada Lovelace/);
    await expect.poll(() => page.getByTestId('preview-item').count()).toBeGreaterThan(0);
    expect(await previewNames(page)).not.toContain('Gift Card');

    // Changing the strategy previews it at once: recently viewed, with the person's own reasons.
    await field(page, 'Strategy').click();
    await page.getByRole('option', { name: /Recently viewed/ }).click();
    await expect.poll(() => previewReasons(page)).toContainEqual(expect.stringMatching(/^You viewed this/));
    await screenshot(page, 'recommendations-editor', 'desktop');
    await page.getByRole('button', { name: 'Undo changes' }).click();

    await page.getByRole('link', { name: 'Back to the list' }).click();
    await page.reload();
    const card = page.getByRole('article', { name: 'Recommender pdp-cross-sell' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Never shows Gifts');
    expect(await card.textContent()).toContain('Often bought together');
    await screenshot(page, 'recommendations-list', 'desktop');
  }, 90_000);

  it('shows the stored evaluation reports as charts, one group of bars per algorithm, and trains a model now', async () => {
    const page = await shop.ownerPage('desktop', '/app/recommendations/models');
    await page.getByText('No evaluation yet').waitFor();
    await page.getByText('npx rapport recs evaluate --from-workspace').first().waitFor();

    const run = await runRapport(['recs', 'evaluate', '--from-workspace', '--test-days', '30', '--algorithm', 'all', '--json'], { RAPPORT_DATA_DIR: shop.rapport.dataDir });
    expect(run.code, run.stderr).toBe(0);
    const algorithms = run.stdout.trim().split('\n').length;
    expect(algorithms).toBe(6);

    await page.reload();
    const chart = page.getByTestId('quality-chart');
    await chart.waitFor();
    // One group per algorithm on the axis, and in the table one row each.
    await expect.poll(() => chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBe(algorithms);
    const axisLabels = async (testId: string) => (await page.getByTestId(testId).locator('svg text').allTextContents()).filter((t) => /^[A-Za-z-]+$/.test(t));
    expect(await axisLabels('quality-chart')).toEqual(['Popular', 'SAR', 'Item-KNN', 'ALS', 'EASE', 'Hybrid']);
    expect(await axisLabels('breadth-chart')).toEqual(['Popular', 'SAR', 'Item-KNN', 'ALS', 'EASE', 'Hybrid']);
    expect(await page.getByRole('table', { name: 'Evaluation results' }).getByRole('row').count()).toBe(algorithms + 1);

    const models = page.getByRole('table', { name: 'Trained models' });
    const hybrids = async () => (await models.getByRole('row').allTextContents()).filter((row) => row.startsWith('Hybrid v'));
    // The schedule may have trained a hybrid model by itself since the server started (or not yet): one more is listed
    // at once, as waiting, training or ready.
    const before = (await hybrids()).length;
    await page.getByRole('button', { name: 'Train now' }).click();
    await expect.poll(async () => (await hybrids()).length, { timeout: 15_000 }).toBeGreaterThan(before);
    expect((await hybrids())[0]).toMatch(/^Hybrid v\d+(waiting|training|ready)/);
    await screenshot(page, 'recommendations-models', 'desktop');
  }, 90_000);

  it.each(['phone'] as const)('fits the list, the editor and the charts on a %s', async (viewport) => {
    const page = await shop.ownerPage(viewport, '/app/recommendations');
    await page.getByRole('article', { name: 'Recommender pdp-cross-sell' }).waitFor();
    await screenshot(page, 'recommendations-list', viewport);
    await page.getByRole('link', { name: 'Edit pdp-cross-sell' }).click();
    // Saved, by its name: what was bought with Earl Grey (the rule leaves out the gift card, not the mug).
    await pick(page, 'Product', 'Earl', /Earl Grey Tea/);
    await expect.poll(() => previewReasons(page)).toContain('Often bought with Earl Grey Tea');
    await screenshot(page, 'recommendations-editor', viewport);
    await page.getByRole('tab', { name: 'Models and evaluation' }).click();
    await page.getByTestId('quality-chart').locator('.recharts-bar-rectangle').first().waitFor();
    // Nothing wider than the phone: the tables scroll inside themselves.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'recommendations-models', viewport);
    expect(shop.problems).toEqual([]);
  }, 60_000);
});
