import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForProcessor } from '../support/rapport-process.js';
import { screenshot } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server and dashboard (`npm run build`). One server and one browser for the file.
const DAY = 86_400_000;
const now = Date.now();
/** A minute before `n` days ago: yesterday's events are out of the last 24 hours. */
const daysAgo = (n: number) => new Date(now - n * DAY - 60_000).toISOString();
const utcDay = (iso: string) => iso.slice(0, 10);

// Four people over six days: three known by their customer id, one anonymous visitor.
const messages = [
  {
    type: 'identify',
    userId: 'ada',
    anonymousId: 'ada-phone',
    traits: { email: 'ada@example.com' },
    timestamp: daysAgo(5),
  },
  {
    type: 'track',
    event: 'Product Viewed',
    userId: 'ada',
    properties: { product_id: 'p1' },
    timestamp: daysAgo(2),
  },
  {
    type: 'track',
    event: 'Order Completed',
    userId: 'ada',
    properties: { order_id: 'o1', revenue: 20 },
    timestamp: new Date(now - 3_600_000).toISOString(),
  },
  {
    type: 'track',
    event: 'Product Viewed',
    userId: 'bob',
    properties: { product_id: 'p2' },
    timestamp: daysAgo(4),
  },
  {
    type: 'track',
    event: 'Product Viewed',
    userId: 'bob',
    properties: { product_id: 'p1' },
    timestamp: daysAgo(1),
    context: { consent: { categoryPreferences: { Marketing: true } } },
  },
  { type: 'page', name: 'Home', anonymousId: 'cy-laptop', timestamp: daysAgo(3) },
  {
    type: 'identify',
    userId: 'dee',
    traits: { name: 'Dee' },
    timestamp: new Date(now - 600_000).toISOString(),
  },
];

describe('the Overview in a browser', () => {
  let shop: SignedInShop;
  beforeAll(async () => {
    shop = await startSignedInShop();
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('tells a new shop how to send its first events', async () => {
    const page = await shop.ownerPage('desktop');
    await page.getByText('No data yet').waitFor();
    expect(await page.getByRole('link', { name: 'Settings → API keys' }).getAttribute('href')).toBe(
      '/app/settings/keys',
    );
    expect(await page.getByText(`${shop.rapport.url}/v1/track`).count()).toBe(1);
    await screenshot(page, 'overview-empty', 'desktop');
  });

  it('shows the figures of a shop with a few days of traffic, and a bar or point per day of the range', async () => {
    await shop.send(messages);
    // A payload without anyone's id is refused (and kept with its reason).
    const refused = await fetch(`${shop.rapport.url}/v1/track`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.rapport.writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ event: 'Product Viewed', properties: {} }),
    });
    expect(refused.status).toBe(400);
    await waitForProcessor(shop.rapport.url);

    const page = await shop.ownerPage('desktop');
    const figure = (label: string) => page.getByTestId(`figure-${label}`).textContent();
    await page.getByTestId('figure-People').waitFor();
    expect(await figure('People')).toBe('4');
    expect(await figure('Identified')).toBe('75 %');
    expect(await figure('Active today')).toBe('2');
    expect(await figure('Active this week')).toBe('4');
    expect(await page.getByTestId('ingestion-accepted').textContent()).toBe(`${messages.length} events`);
    expect(await page.getByTestId('ingestion-refused').textContent()).toBe('1 payload');
    expect(await page.getByTestId('backlog-state').textContent()).toBe('Healthy');
    await page
      .getByRole('table', { name: 'Refused payloads by reason' })
      .getByText('ERR_INGEST_MISSING_IDENTITY')
      .waitFor();

    // 30 days by default: one point per day on each line of people.
    const dots = (chart: string) =>
      page.getByTestId(chart).locator('.recharts-line-dots').first().locator('.recharts-dot').count();
    await expect.poll(() => dots('chart-people')).toBe(30);
    const perDay = new Map<string, number>();
    for (const m of messages) perDay.set(utcDay(m.timestamp), (perDay.get(utcDay(m.timestamp)) ?? 0) + 1);
    const busiest = Math.max(...perDay.values());
    expect(await page.getByTestId('chart-events').locator('figcaption').textContent()).toMatch(
      new RegExp(`^${messages.length} events in 30 days; the most on .+ \\(${busiest}\\)\\.$`),
    );
    await screenshot(page, 'overview-shop', 'desktop');

    // A week: 7 days in the address, 7 points, and a bar for each day with events.
    await page.locator('label', { hasText: '7 days' }).click();
    await page.waitForURL(/\?days=7$/);
    await expect.poll(() => dots('chart-people')).toBe(7);
    const daysWithEvents = perDay.size;
    await expect
      .poll(() => page.getByTestId('chart-events').locator('.recharts-bar-rectangle path').count())
      .toBe(daysWithEvents);
    expect(await page.getByTestId('chart-events').locator('figcaption').textContent()).toContain(
      `${messages.length} events in 7 days`,
    );
    // Consent: one stacked row per purpose, Bob allowed marketing.
    await page
      .getByRole('table', { name: 'Consent per purpose' })
      .getByRole('row', { name: /Marketing/ })
      .getByText('25 %')
      .waitFor();

    const phone = await shop.ownerPage('phone', '/app/?days=7');
    await phone.getByTestId('figure-People').waitFor();
    await expect
      .poll(() =>
        phone
          .getByTestId('chart-people')
          .locator('.recharts-line-dots')
          .first()
          .locator('.recharts-dot')
          .count(),
      )
      .toBe(7);
    await screenshot(phone, 'overview-shop', 'phone');
    expect(shop.problems).toEqual([]);
  });
});
