import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureDemo } from '../../examples/demo-shop/src/demo-setup.js';
import { RapportAdmin } from '../../examples/demo-shop/src/rapport-admin.js';
import { startShop, type Shop } from '../../examples/demo-shop/src/shop-server.js';
import { removeDataDir, runRapport, spawnRapport, waitForProcessor, type RapportProcess } from '../support/rapport-process.js';
import { launchChromium, openPage, screenshot, viewports } from './browser.js';

// The demo shop in a real browser on a phone (390×844, touch): the built server (`npm run build`) with the first
// 15,000 lines of the Online Retail data, the demo's setup, and the shop's own small server.
const FIXTURE = resolve(import.meta.dirname, '../fixtures/online-retail-first-15000-lines.csv.gz');
const ANALYTICS_NEXT = resolve(import.meta.dirname, '../../node_modules/@segment/analytics-next/dist/umd');

describe('the demo shop on a phone', () => {
  let rapport: RapportProcess;
  let admin: RapportAdmin;
  let shop: Shop;
  let browser: Browser;
  const problems: string[] = [];

  /** The events Rapport holds for a person, newest first (after everything acknowledged is processed). */
  const eventsOf = async (id: string): Promise<{ event?: string; type: string; properties?: Record<string, unknown> }[]> => {
    await waitForProcessor(rapport.url);
    const res = await admin.call<{ items: { event?: string; type: string; properties?: Record<string, unknown> }[] }>('GET', `/api/v1/profiles/${encodeURIComponent(id)}/events?limit=200`);
    return res.status === 200 ? res.body.items : [];
  };
  const phone = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ ...viewports.phone });
    return { context, page: await openPage(context, problems) };
  };
  /** The anonymousId the SDK gave this browser, from the preference center link the shop builds with it. */
  const anonymousIdOf = async (page: Page): Promise<string> => new URL((await page.locator('#preference-center').getAttribute('href'))!).searchParams.get('anonymousId')!;

  beforeAll(async () => {
    // The history first, as `npm run demo` does: the import alone on the new database, then the server on it.
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
    const keys = { writeKey: `wk_demo_${randomBytes(12).toString('hex')}`, secretKey: `sk_demo_${randomBytes(12).toString('hex')}` };
    const imported = await runRapport(['import', FIXTURE, '--format', 'online-retail'], { RAPPORT_DATA_DIR: dataDir, RAPPORT_WRITE_KEY: keys.writeKey, RAPPORT_SECRET_KEY: keys.secretKey });
    expect(imported.code, imported.stderr).toBe(0);
    rapport = await spawnRapport({ dataDir, ...keys });
    await waitForProcessor(rapport.url, 60_000);
    admin = new RapportAdmin(rapport.url, rapport.secretKey);
    await configureDemo(admin);
    shop = await startShop({ admin, rapportUrl: rapport.url, writeKey: rapport.writeKey, analyticsNextDir: ANALYTICS_NEXT });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await rapport?.stop();
    if (rapport !== undefined) removeDataDir(rapport.dataDir);
  });

  it('consent, browsing, a personalized home, an in-app message, why, withdrawal, erasure', async () => {
    const { context, page } = await phone();
    await page.goto(shop.url);
    // Nothing is collected before the person chooses.
    await expect.poll(() => page.locator('#consent').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#hero').getAttribute('data-experience')).toBe('default');
    await screenshot(page, 'demo-consent', 'phone');
    await page.getByRole('button', { name: 'Accept all' }).click();

    // The welcome message: a modal dialog, shown once, tracked.
    const welcome = page.getByRole('dialog', { name: 'Welcome to the gift shop' });
    await welcome.waitFor();
    await screenshot(page, 'demo-welcome', 'phone');
    await welcome.getByRole('button', { name: 'Start shopping' }).click();
    await welcome.waitFor({ state: 'detached' });
    const anonymousId = await anonymousIdOf(page);
    const preferenceCenter = (await page.locator('#preference-center').getAttribute('href'))!;

    // Browse: a category, then three of its products.
    await page.getByRole('link', { name: 'Christmas' }).first().click();
    await page.getByRole('list', { name: 'Christmas' }).waitFor();
    const products = await page.locator('#category-list a[data-product]').evaluateAll((links) => links.slice(0, 3).map((a) => a.getAttribute('data-product')));
    expect(products).toHaveLength(3);
    for (const id of products) {
      await page.goto(`${shop.url}/product/${encodeURIComponent(id!)}`);
      await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    }
    await page.getByRole('list', { name: 'Often bought together' }).waitFor();
    await screenshot(page, 'demo-product', 'phone');
    await waitForProcessor(rapport.url);

    // Home now knows them: the personalized hero, with its reason, and recommendations.
    await page.goto(shop.url);
    await expect.poll(() => page.locator('#hero').getAttribute('data-experience'), { timeout: 10_000 }).toBe('for_you');
    // The choice is remembered: no banner on the next pages.
    expect(await page.locator('#consent').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#hero').textContent()).toContain('You see this because you are in “Browsers with a favourite”.');
    expect(await page.locator('#hero h1').textContent()).toBe('More christmas for you');
    await page.getByRole('list', { name: 'Recommended for you' }).locator('a').first().waitFor();
    await screenshot(page, 'demo-home-personalized', 'phone');
    // Its call to action is tracked as the placement's click, next to the exposure the decision recorded.
    await page.getByRole('link', { name: 'See your picks' }).click();
    await page.getByRole('heading', { name: 'Picked for you' }).waitFor();
    await expect
      .poll(async () => (await eventsOf(anonymousId)).filter((e) => e.event?.startsWith('Experience') && e.properties?.['placement'] === 'home_hero' && e.properties?.['experience'] === 'for_you').map((e) => e.event))
      .toEqual(expect.arrayContaining(['Experience Viewed', 'Experience Clicked']));

    // Add to cart: the in-app message shows, and the SDK tracks it.
    await page.goto(`${shop.url}/product/${encodeURIComponent(products[0]!)}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const added = page.getByRole('dialog', { name: 'Added to your cart' });
    await added.waitFor();
    await screenshot(page, 'demo-added-to-cart', 'phone');
    await added.getByRole('button', { name: 'Keep shopping' }).click();
    await added.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await eventsOf(anonymousId)).filter((e) => e.event?.startsWith('Message')).map((e) => `${e.event}:${String(e.properties?.['message'])}`), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['Message Shown:welcome', 'Message Dismissed:welcome', 'Message Shown:added_to_cart', 'Message Dismissed:added_to_cart']));

    // Why am I seeing this?
    await page.getByRole('link', { name: 'Why these?' }).click();
    const why = page.locator('#why li');
    await why.first().waitFor();
    const sentences = await why.allTextContents();
    expect(sentences.some((s) => s.startsWith('You are in “Browsers with a favourite”'))).toBe(true);
    expect(sentences).toContain('You often look at Christmas');
    expect(sentences.some((s) => s.startsWith('Added to cart: Shown to you on'))).toBe(true);
    await screenshot(page, 'demo-why', 'phone');

    // Consent withdrawn: the next page is generic.
    await page.getByRole('button', { name: 'Privacy choices' }).click();
    await page.getByRole('button', { name: 'Only necessary' }).click();
    await page.goto(shop.url);
    await expect.poll(() => page.locator('#hero').getAttribute('data-experience')).toBe('default');
    await expect.poll(async () => (await admin.call<{ purposes: Record<string, { granted: boolean }> }>('GET', `/api/v1/profiles/${anonymousId}/consent`)).body.purposes['personalization']?.granted).toBe(false);

    // Erase from the preference center: the person is gone.
    await page.goto(preferenceCenter);
    await page.getByRole('checkbox', { name: 'Personalization' }).waitFor();
    await page.getByRole('checkbox', { name: 'Messages in the app and on the site' }).uncheck();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Your contact preferences are saved.');
    await screenshot(page, 'demo-preference-center', 'phone');
    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('button', { name: 'Yes, erase everything' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Erased: \d+ records removed\.$/);
    expect((await admin.call('GET', `/api/v1/subjects/${anonymousId}/export`)).status).toBe(404);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('welcomes a visitor at the Camden store, from a coarsened location', async () => {
    const { context, page } = await phone();
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.getByRole('dialog', { name: 'Welcome to the gift shop' }).getByRole('button', { name: 'Start shopping' }).click();
    await page.getByRole('button', { name: 'I am at the Camden store' }).click();
    await expect.poll(() => page.locator('#store-banner').textContent(), { timeout: 10_000 }).toContain('Welcome to our Camden store');
    const anonymousId = await anonymousIdOf(page);
    await expect.poll(async () => (await eventsOf(anonymousId)).map((e) => e.event), { timeout: 10_000 }).toContain('Geofence Entered');
    await screenshot(page, 'demo-camden', 'phone');
    await context.close();
    expect(problems).toEqual([]);
  });

  it("delivers the events of Segment's own analytics.js, pointed at Rapport", async () => {
    const { context, page } = await phone();
    await page.goto(`${shop.url}/analytics-next.html`);
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Sent 3 events as /);
    const anonymousId = (await status.getAttribute('data-anonymous-id'))!;
    await expect.poll(async () => (await eventsOf(anonymousId)).map((e) => e.event ?? e.type)).toEqual(['Demo Button Clicked', 'identify', 'page']);
    await context.close();
    expect(problems).toEqual([]);
  });
});
