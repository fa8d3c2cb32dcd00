import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server and dashboard (`npm test` builds both); one server and one browser for the file.

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const person = (userId: string, country: string, email: string) => ({ type: 'identify', userId, timestamp: daysAgo(60), traits: { email, country } });
const order = (userId: string, d: number, revenue: number) => ({ type: 'track', userId, event: 'Order Completed', timestamp: daysAgo(d), properties: { order_id: `${userId}-${d}`, revenue, currency: 'EUR' } });

/**
 * Five people: in France Alice (ordered 2 days ago), Bob (40 days ago), Dana (never) and Erin (5 days ago); Carl in
 * Germany (3 days ago). "Country is France" is 4 people, "… and ordered ever" 3, "… in the last 30 days" 2 (Alice,
 * Erin). Four of them are RFM customers (identified, with an order).
 */
const events = [
  person('alice', 'France', 'alice@example.fr'),
  person('bob', 'France', 'bob@example.fr'),
  person('carl', 'Germany', 'carl@example.de'),
  person('dana', 'France', 'dana@example.fr'),
  person('erin', 'France', 'erin@example.fr'),
  order('alice', 2, 80),
  order('alice', 12, 20),
  order('bob', 40, 300),
  order('carl', 3, 45),
  order('erin', 5, 60),
];

describe('the Segments screens in a browser', () => {
  let shop: SignedInShop;
  let segmentPath = '';

  beforeAll(async () => {
    shop = await startSignedInShop();
    await shop.send(events);
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
  });

  const previewSize = (page: Page) => page.getByTestId('preview-size').textContent();
  const pick = async (page: Page, select: Locator, option: string) => {
    await select.click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it('explains segments to a new shop, then builds "France and ordered in the last 30 days" with a live preview', async () => {
    const page = await shop.ownerPage('desktop', '/app/segments');
    await page.getByText('No segment yet').waitFor();
    expect(await page.getByRole('link', { name: /Start from: Cart abandoners/ }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Create your first segment' }).click();
    await page.getByRole('heading', { name: 'New segment' }).waitFor();
    await page.getByLabel(/^Name/).fill('French buyers');

    // Country is France: 4 people.
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByRole('menuitem', { name: 'Location' }).click();
    const first = page.getByRole('group', { name: 'Condition 1' });
    await first.getByLabel('Country is one of').fill('France');
    await first.getByLabel('Country is one of').press('Enter');
    await expect.poll(() => previewSize(page), { timeout: 10_000 }).toBe('4 people');

    // … and Order Completed, ever (3), then in the last 30 days (2).
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByRole('menuitem', { name: 'Did something (an event)' }).click();
    const second = page.getByRole('group', { name: 'Condition 2' });
    await second.getByLabel('Event', { exact: true }).fill('Order Completed');
    await expect.poll(() => previewSize(page), { timeout: 10_000 }).toBe('3 people');
    await second.getByText('In the last…').click();
    await expect.poll(() => previewSize(page), { timeout: 10_000 }).toBe('2 people');
    expect(await page.getByRole('link', { name: 'alice@example.fr' }).getAttribute('href')).toMatch(/^\/app\/profiles\//);

    // A trait "at least gold" is refused, and the problem shows on that condition, not elsewhere.
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByRole('menuitem', { name: 'A trait (from identify)' }).click();
    const third = page.getByRole('group', { name: 'Condition 3' });
    await third.getByLabel('Trait', { exact: true }).fill('plan');
    await pick(page, third.getByLabel('Trait: comparison'), 'is at least');
    await third.getByLabel('Trait: value').fill('gold');
    await third.getByRole('alert').filter({ hasText: /gte needs/i }).waitFor();
    expect(await first.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Remove Condition 3' }).click();
    await expect.poll(() => previewSize(page), { timeout: 10_000 }).toBe('2 people');
    await screenshot(page, 'segment-builder', 'desktop');

    await page.getByRole('button', { name: 'Create the segment' }).click();
    await page.getByRole('heading', { name: 'French buyers' }).waitFor();
    segmentPath = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('detail-size').textContent(), { timeout: 15_000 }).toBe('2');
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'erin@example.fr' }).waitFor();
    expect(await page.getByText('Country is France').isVisible()).toBe(true);
    expect(await page.getByText(/Did Order Completed at least once in the last 30 days/).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Download all as CSV' }).getAttribute('href')).toMatch(/\/members\.csv$/);

    // Why is Bob not in it? His order is 40 days old.
    await page.getByLabel('Or a person’s id').fill('bob');
    await page.getByRole('button', { name: 'Explain' }).click();
    const explanation = page.getByTestId('explanation');
    await explanation.getByText('not a member').waitFor();
    expect(await explanation.getByLabel('does not hold').count()).toBeGreaterThan(0);
    expect(await explanation.getByLabel('holds', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('table', { name: 'Entries and exits' }).getByText('alice@example.fr').waitFor();
    // Today's size at least: one point per day.
    expect(Number(await page.getByTestId('size-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('size-chart').locator('.recharts-line').count()).toBe(1);
    await screenshot(page, 'segment', 'desktop');
  }, 60_000);

  it.each(['desktop', 'phone'] as const)('lists the segment with its size (%s)', async (viewport) => {
    const page = await shop.ownerPage(viewport, '/app/segments');
    const row = page.getByRole('row').filter({ hasText: 'French buyers' });
    // A busy machine can take a while to start a page in a fresh context.
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('segment-size').textContent()).toBe('2');
    await row.getByText('up to date').waitFor();
    await screenshot(page, 'segments', viewport);
    await row.getByRole('link', { name: 'French buyers' }).click();
    await page.waitForURL(`**${segmentPath}`);
  });

  it('opens the builder on a phone with the saved rule and its preview', async () => {
    const page = await shop.ownerPage('phone', `${segmentPath}/edit`);
    await expect.poll(() => previewSize(page), { timeout: 20_000 }).toBe('2 people');
    expect(await page.getByRole('group', { name: 'Condition 2' }).getByLabel('Event', { exact: true }).inputValue()).toBe('Order Completed');
    await screenshot(page, 'segment-builder', 'phone');
  });

  it('shows the RFM grid, whose cells add up to the customers with orders', async () => {
    const page = await shop.ownerPage('desktop', '/app/segments/rfm');
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => page.getByTestId('rfm-customers').textContent(), { timeout: 10_000 }).toBe('4 customers');
    const counts = await page.getByTestId('rfm-cell').allTextContents();
    expect(counts).toHaveLength(25);
    expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBe(4);
    expect(await page.getByRole('link', { name: 'Create a segment of Champions' }).getAttribute('href')).toBe('/app/segments/new?rfm=Champions');
    await screenshot(page, 'rfm', 'desktop');
    expect(shop.problems).toEqual([]);
  });
});
