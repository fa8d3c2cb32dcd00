import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server and dashboard (`npm run build`). One server and one browser for the file.
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('the Privacy page in a browser', () => {
  let shop: SignedInShop;
  beforeAll(async () => {
    shop = await startSignedInShop();
    // Ada browses on her phone, logs in and orders; Bob stays.
    await shop.send([
      {
        type: 'track',
        event: 'Product Viewed',
        anonymousId: 'ada-phone',
        properties: { product_id: 'p1' },
        timestamp: minutesAgo(30),
      },
      {
        type: 'identify',
        userId: 'ada',
        anonymousId: 'ada-phone',
        traits: { email: 'ada@example.com', name: 'Ada Lovelace' },
        timestamp: minutesAgo(20),
      },
      {
        type: 'track',
        event: 'Order Completed',
        userId: 'ada',
        properties: { order_id: 'o1', revenue: 12 },
        timestamp: minutesAgo(10),
      },
      {
        type: 'track',
        event: 'Product Viewed',
        userId: 'bob',
        properties: { product_id: 'p2' },
        timestamp: minutesAgo(5),
      },
    ]);
  });
  afterAll(async () => {
    await shop?.close();
  });

  it("downloads a person's data as JSON by customer id and as CSV by e-mail address, and says when no one matches", async () => {
    const page = await shop.ownerPage('desktop', '/app/privacy');
    await page.getByText('No one has asked for their data yet').waitFor();
    await screenshot(page, 'privacy', 'desktop');
    const idField = page.getByRole('textbox', { name: 'Customer id (userId)' });

    await idField.fill('nobody');
    await page.getByRole('button', { name: 'Download their data' }).click();
    await page.getByText('No data is held for this customer id.').waitFor();

    await idField.fill('ada');
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download their data' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^rapport-export-[0-9a-f]{12}\.json$/);
    const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(doc.subject.userIds).toEqual(['ada']);
    expect(doc.stores.events.map((e: { event?: string; type: string }) => e.event ?? e.type)).toEqual([
      'Product Viewed',
      'identify',
      'Order Completed',
    ]);
    expect(JSON.stringify(doc)).not.toContain('bob');

    await page.getByRole('combobox', { name: 'Find the person by' }).click();
    await page.getByRole('option', { name: 'E-mail address' }).click();
    await page.getByRole('textbox', { name: 'E-mail address' }).fill('ada@example.com');
    await page.locator('label', { hasText: 'CSV (spreadsheet)' }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download their data' }).click(),
    ]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('store,record,field,value');
    expect(lines).toContain('profiles,0,traits.email,ada@example.com');
    expect(lines.some((l) => l.startsWith('events,2,properties.order_id,o1'))).toBe(true);

    // Both exports are in the list of requests, naming no one.
    const requests = page.getByRole('table', { name: 'Privacy requests' });
    await expect.poll(() => requests.getByRole('row', { name: /Export/ }).count()).toBe(2);
    await expectNamingNoOne(requests);
  });

  it('erases a person after a confirmation that names them, lists the request with its report, and the person is gone', async () => {
    const page = await shop.ownerPage('desktop', '/app/privacy');
    await page.getByRole('textbox', { name: 'Customer id (userId)' }).fill('ada');
    await page.getByRole('button', { name: 'Erase this person…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this person for good?' });
    await dialog.getByText('Ada Lovelace, ada@example.com').waitFor();
    expect(await dialog.textContent()).toContain('customer id ada, visitor id ada-phone');
    await screenshot(page, 'privacy-erase', 'desktop');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Erased' }).waitFor();

    // After a reload, the erasure is listed, completed, with what it removed.
    await page.reload();
    const row = page.getByRole('table', { name: 'Privacy requests' }).getByRole('row', { name: /Erasure/ });
    await row.getByText('Done').waitFor();
    await row.getByRole('button', { name: 'Report' }).click();
    const report = page.getByRole('table', { name: 'Erasure report' });
    expect(
      await report
        .getByRole('row', { name: /^Events \d+$/ })
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('3');
    expect(
      await report
        .getByRole('row', { name: /^Profiles \d+$/ })
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('1');
    await screenshot(page, 'privacy-report', 'desktop');

    await expect(shop.admin('GET', '/api/v1/profiles/ada')).rejects.toThrow(/answered 404/);
    await expect(shop.admin('GET', '/api/v1/profiles/ada-phone')).rejects.toThrow(/answered 404/);
    await shop.admin('GET', '/api/v1/profiles/bob');

    // Her two ids are on the suppression list, as fingerprints only.
    await page.getByRole('tab', { name: 'Suppression list' }).click();
    const list = page.getByRole('table', { name: 'Suppression list' });
    await expect.poll(() => list.getByText('Erased on request').count()).toBe(2);
    await expectNamingNoOne(list);
  });

  it('changes a purpose text and the retention, with an error next to the field it names (phone)', async () => {
    const page = await shop.ownerPage('phone', '/app/privacy?tab=consent');
    const marketing = page.getByRole('group', { name: 'Purpose marketing' });
    await marketing
      .getByRole('textbox', { name: 'Text shown to customers' })
      .fill('News and offers by e-mail, at most once a week.');
    await marketing.getByRole('textbox', { name: /^Name/ }).fill('');
    await page.getByRole('button', { name: 'Save purposes' }).click();
    await marketing.locator('.mantine-TextInput-error').waitFor();
    await screenshot(page, 'privacy-consent-error', 'phone');
    await marketing.getByRole('textbox', { name: /^Name/ }).fill('Newsletters');
    await page.getByRole('button', { name: 'Save purposes' }).click();
    await page.getByText('The consent purposes are saved.').waitFor();
    await page.reload();
    await page
      .getByRole('group', { name: 'Purpose marketing' })
      .getByText('News and offers by e-mail, at most once a week.')
      .waitFor();
    await screenshot(page, 'privacy-consent', 'phone');

    await page.getByRole('tab', { name: 'Retention' }).click();
    await page.getByRole('textbox', { name: 'Events (days)' }).fill('400');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('The retention is saved.').waitFor();
    const workspace = await shop.admin<{
      settings: { retention: { eventsDays: number }; purposes: { id: string; name: string }[] };
    }>('GET', '/api/v1/workspace');
    expect(workspace.settings.retention.eventsDays).toBe(400);
    expect(workspace.settings.purposes.find((p) => p.id === 'marketing')?.name).toBe('Newsletters');

    await page.getByRole('tab', { name: 'Requests' }).click();
    await page
      .getByRole('table', { name: 'Privacy requests' })
      .getByRole('row', { name: /Erasure/ })
      .waitFor();
    await screenshot(page, 'privacy', 'phone');
    expect(shop.problems).toEqual([]);
  });
});

/**
 * No cell of a table names Ada by any of her identifiers. Hashes are shown as hex, which may hold the letters "ada" by
 * chance: runs of 8 or more hex digits are left out before looking.
 */
async function expectNamingNoOne(table: Locator): Promise<void> {
  for (const cell of await table.getByRole('cell').allTextContents()) {
    expect(cell.replace(/[0-9a-f]{8,}/g, '')).not.toMatch(/\bada\b|ada@|ada-phone|Lovelace/);
  }
}
