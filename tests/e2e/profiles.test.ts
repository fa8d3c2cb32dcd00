import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, viewports, type ViewportName } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// A browser test takes 5 to 15 s on a quiet machine; the limit leaves room for a busy one.
const SLOW = 60_000;

// The built server and dashboard (`npm test` builds both); one server and one browser for the file.

const products = [
  { id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea', price: 5, currency: 'GBP' },
  { id: 'assam', name: 'Assam Tea', category: 'Tea', price: 6, currency: 'GBP' },
  { id: 'sencha', name: 'Sencha Green Tea', category: 'Tea', price: 7, currency: 'GBP' },
  { id: 'teapot', name: 'Cast Iron Teapot', category: 'Kitchen', price: 30, currency: 'GBP' },
  { id: 'trowel', name: 'Garden Trowel', category: 'Garden', price: 12, currency: 'GBP' },
];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const viewed = (userId: string, id: string, m: number) => {
  const p = products.find((x) => x.id === id)!;
  return {
    type: 'track',
    userId,
    event: 'Product Viewed',
    timestamp: minutesAgo(m),
    properties: { product_id: p.id, name: p.name, category: p.category, price: p.price, currency: 'GBP' },
  };
};

/** Ada: identified, three tea views and a look at the garden, then an order — in the segment. Bob: a page view, and no to personalization. */
const events = [
  {
    type: 'identify',
    userId: 'ada-1',
    timestamp: minutesAgo(60),
    traits: { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'gold' },
  },
  viewed('ada-1', 'earl-grey', 50),
  viewed('ada-1', 'assam', 45),
  viewed('ada-1', 'earl-grey', 40),
  viewed('ada-1', 'trowel', 35),
  {
    type: 'track',
    userId: 'ada-1',
    event: 'Order Completed',
    timestamp: minutesAgo(30),
    properties: {
      order_id: 'o-1001',
      revenue: 10,
      currency: 'GBP',
      products: [{ product_id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea', price: 5, quantity: 2 }],
    },
  },
  {
    type: 'identify',
    userId: 'bob-2',
    timestamp: minutesAgo(20),
    traits: { name: 'Bob Brown', email: 'bob@example.com' },
    context: { consent: { categoryPreferences: { Personalization: false } } },
  },
  { type: 'page', userId: 'bob-2', name: 'Home', timestamp: minutesAgo(19), properties: { path: '/' } },
];

const teaFans = {
  name: 'Tea fans',
  description: 'Looked at tea at least twice and ordered this month',
  rule: {
    version: 1,
    root: {
      type: 'and',
      conditions: [
        {
          type: 'event',
          event: 'Product Viewed',
          where: [{ property: 'category', op: 'eq', value: 'Tea' }],
          count: { op: 'gte', value: 2 },
          window: { last: { amount: 30, unit: 'days' } },
        },
        { type: 'event', event: 'Order Completed', window: { last: { amount: 30, unit: 'days' } } },
      ],
    },
  },
};

describe('the Profiles screens in a browser', () => {
  let shop: SignedInShop;

  beforeAll(async () => {
    shop = await startSignedInShop();
  }, 30_000);
  afterAll(async () => {
    await shop?.close();
  });

  it(
    'tells a new shop how people get here',
    async () => {
      const page = await shop.ownerPage('desktop', '/app/profiles');
      await page.getByText('No people yet').waitFor();
      await page.getByText(`curl -u "$WRITE_KEY:" ${shop.rapport.url}/v1/identify`).waitFor();
      await page.getByRole('link', { name: 'Settings → API keys' }).waitFor();
      await screenshot(page, 'profiles-empty', 'desktop');
    },
    SLOW,
  );

  describe('with two customers and a segment', () => {
    beforeAll(async () => {
      await shop.admin('PUT', '/api/v1/catalog/products', { products });
      await shop.send(events);
      const segment = await shop.admin<{ id: string }>('POST', '/api/v1/segments', teaFans);
      // The processor builds the segment's membership in the background: wait until Ada is in it.
      for (
        let tries = 0;
        (await shop.admin<{ status: string; size: number }>('GET', `/api/v1/segments/${segment.id}`)).size !==
        1;
        tries++
      ) {
        if (tries === 75) throw new Error('the segment "Tea fans" was not built within 15 s');
        await new Promise((done) => setTimeout(done, 200));
      }
    }, 30_000);

    const search = async (page: Page, text: string) => {
      await page.getByLabel('Search people').fill(text);
      await page.waitForURL((url) => url.searchParams.get('q') === text);
    };
    const people = (page: Page) => page.getByRole('list', { name: 'People' }).getByRole('listitem');

    it.each(['desktop', 'phone'] as const)(
      'finds a person and shows why they are in a segment, their events and recommendations (%s)',
      async (viewport: ViewportName) => {
        const page = await shop.ownerPage(viewport, '/app/profiles');
        await page.getByRole('heading', { name: 'Profiles' }).waitFor();
        await expect.poll(() => people(page).count()).toBe(2);
        await expect.poll(() => people(page).first().textContent()).toContain('Bob Brown'); // newest first
        await screenshot(page, 'profiles-search', viewport);

        await search(page, 'ada@');
        await expect.poll(() => people(page).count()).toBe(1);
        await people(page).getByRole('link').click();
        await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();

        // Why she is in "Tea fans", in the explanation's own words, with a tick per condition.
        const segments = page.getByRole('region', { name: 'Segments' });
        const mine = segments.getByRole('list', { name: 'Segments of this person' });
        await mine.getByText('Tea fans', { exact: true }).waitFor();
        await mine.getByText('In "Tea fans": all of these hold').waitFor();
        await mine
          .getByText(
            'Did Product Viewed (category equal to "Tea") 3 times in the last 30 days; needed at least 2',
          )
          .waitFor();
        await mine.getByText(/Did Order Completed once in the last 30 days/).waitFor();
        expect(await mine.getByLabel('holds').count()).toBe(2); // both conditions of the rule
        await segments.getByText('Entered').first().waitFor();

        // What she did, newest first; an event opens to its data.
        const timeline = page.getByRole('region', { name: 'Events' });
        await timeline.getByText('Order Completed').first().waitFor();
        const titles = await timeline.getByRole('listitem').locator('p:first-child').allTextContents();
        expect(titles.slice(0, 6)).toEqual([
          'Order Completed',
          'Product Viewed',
          'Product Viewed',
          'Product Viewed',
          'Product Viewed',
          'Identified',
        ]);
        await timeline.getByRole('button', { name: /Show the data of Order Completed/ }).click();
        await timeline.getByText('"order_id": "o-1001"').waitFor();

        // Activity, interests as a chart with a bar per category, the consent she gave by default.
        const activity = page.getByRole('region', { name: 'Activity' });
        expect(await activity.textContent()).toContain('£10.00');
        const interests = page.getByRole('region', { name: 'Interests' });
        await interests.locator('.recharts-bar-rectangle').first().waitFor();
        expect(await interests.locator('.recharts-bar-rectangle').count()).toBe(2); // Tea and Garden
        await interests
          .getByRole('img', { name: /^Interest per category: Tea \d+(\.\d)?%, Garden \d+(\.\d)?%$/ })
          .waitFor();

        // Recommendations for her, each with its reason.
        const recs = page.getByRole('list', { name: 'Recommended products' });
        await recs.getByRole('listitem').first().waitFor();
        const recText = await recs.textContent();
        expect(recText).toContain('Assam Tea');
        expect(recText).toContain('Because you like Tea');
        expect(
          await page.getByRole('region', { name: 'Recommendations' }).getByText('Not personalized').count(),
        ).toBe(0);

        await screenshot(page, 'profile', viewport);
      },
      SLOW,
    );

    it(
      'says when a person does not consent to personalization, and why they are not in a segment',
      async () => {
        const page = await shop.ownerPage('phone', '/app/profiles?q=bob');
        await expect.poll(() => people(page).count()).toBe(1);
        await people(page).getByRole('link').click();
        await page.getByRole('heading', { name: 'Bob Brown', level: 1 }).waitFor();
        await page
          .getByRole('region', { name: 'Recommendations' })
          .getByText('This person does not consent to personalization')
          .waitFor();
        await page
          .getByRole('region', { name: 'Interests' })
          .getByText('Not kept: this person does not consent to personalization.')
          .waitFor();
        const consent = page.getByRole('table', { name: 'Consent per purpose' });
        const personalization = consent.getByRole('row', { name: /^Personalization/ });
        expect(await personalization.getByRole('cell').textContent()).toBe('No');
        expect(await personalization.getByRole('rowheader').textContent()).toContain(
          'chosen in your shop (consent banner)',
        );
        expect(
          await consent
            .getByRole('row', { name: /^Analytics/ })
            .getByRole('cell')
            .textContent(),
        ).toBe('Yes');

        const segments = page.getByRole('region', { name: 'Segments' });
        await segments.getByText('Not in any segment now.').waitFor();
        await segments.getByLabel('Why not in another segment?').click();
        await page.getByRole('option', { name: 'Tea fans' }).click();
        await segments.getByText(/^Not in "Tea fans"/).waitFor();
        await segments.getByText(/Did Product Viewed \(category equal to "Tea"\) 0 times/).waitFor();
        await screenshot(page, 'profile-no-consent', 'phone');
      },
      SLOW,
    );

    it(
      'shows an analyst the export but not the erasure',
      async () => {
        const invited = await shop.admin<{ token: string }>('POST', '/api/v1/invitations', {
          email: 'ann@shop.example',
          role: 'analyst',
        });
        const context = await shop.browser.newContext({ ...viewports.desktop, baseURL: shop.rapport.url });
        try {
          const accepted = await context.request.post('/api/v1/auth/accept-invitation', {
            data: { token: invited.token, name: 'Ann Analyst', password: 'numbers all the way down' },
          });
          expect(accepted.status()).toBe(201);
          const page = await openPage(context, shop.problems);
          await page.goto('/app/profiles?q=ada');
          await people(page).getByRole('link').click();
          await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
          await page.getByRole('button', { name: 'Export their data' }).waitFor();
          expect(await page.getByRole('button', { name: 'Erase', exact: true }).count()).toBe(0);
        } finally {
          await context.close();
        }
      },
      SLOW,
    );

    it(
      'exports a person, then erases them: they leave the search',
      async () => {
        const page = await shop.ownerPage('desktop', '/app/profiles?q=ada');
        await people(page).getByRole('link').click();
        await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export their data' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^rapport-export-.+\.json$/);
        const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
          subject: { userIds: string[] };
          stores: { events: { event?: string }[] };
        };
        expect(file.subject.userIds).toEqual(['ada-1']);
        expect(file.stores.events.map((e) => e.event).filter((e) => e !== undefined)).toContain(
          'Order Completed',
        );

        await page.getByRole('button', { name: 'Erase', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Erase Ada Lovelace?' });
        expect(await dialog.getByRole('button', { name: 'Erase for good' }).isDisabled()).toBe(true);
        await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
        await dialog.getByRole('button', { name: 'Erase for good' }).click();
        await page.waitForURL((url) => url.pathname === '/app/profiles');
        await page.getByText(/Ada Lovelace was erased/).waitFor();

        await search(page, 'ada');
        await page.getByText('Nobody matches “ada”').waitFor();
        await search(page, 'bob');
        await expect.poll(() => people(page).count()).toBe(1);
        expect(shop.problems).toEqual([]);
      },
      SLOW,
    );
  });
});
