import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server, dashboard and script-tag SDK (`npm run build`); one server and one browser for the file.

describe('the Placements and In-app messages screens in a browser', () => {
  let shop: SignedInShop;

  beforeAll(async () => {
    shop = await startSignedInShop();
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
  });

  // An input by its whole label (Mantine adds " *" to the label of a required field).
  const input = (scope: Page | Locator, label: string) => scope.locator('input').and(scope.getByLabel(new RegExp(`^${label}( \\*)?$`))).first();
  const experience = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^Experience ${n}:`) });
  const reason = (page: Page) => page.getByTestId('preview-reason').textContent();
  const phone = (page: Page, title: string): FrameLocator => page.frameLocator(`iframe[title="${title}"]`);

  it('explains placements, builds one with two experiences and a default beside a live preview, and saves it', async () => {
    const page = await shop.ownerPage('desktop', '/app/placements');
    await page.getByText('No placement yet').waitFor();
    await screenshot(page, 'placements-empty', 'desktop');
    await page.getByRole('link', { name: 'Create your first placement' }).click();
    await page.getByRole('heading', { name: 'New placement' }).waitFor();
    await input(page, 'Key').fill('home_hero');
    await input(page, 'Name').fill('Home hero');

    // Two experiences without a segment: one for phones, one for desktops; and a default for everyone else.
    await page.getByRole('button', { name: 'Add an experience' }).click();
    const first = experience(page, 1);
    await input(first, 'Key').fill('mobile_welcome');
    await input(first, 'Name').fill('Mobile welcome');
    await first.getByRole('checkbox', { name: 'Mobile' }).check();
    await first.getByLabel('title', { exact: true }).fill('Welcome on your phone');
    await first.getByLabel('ctaText', { exact: true }).fill('Shop now');
    await page.getByRole('button', { name: 'Add an experience' }).click();
    const second = experience(page, 2);
    await input(second, 'Key').fill('desktop_offer');
    await input(second, 'Name').fill('Desktop offer');
    await second.getByRole('checkbox', { name: 'Desktop' }).check();
    await second.getByLabel('title', { exact: true }).fill('Big screen deals');
    const defaults = page.getByRole('group', { name: 'Default content' });
    await defaults.getByLabel('title', { exact: true }).fill('Hello from Rapport');

    // The preview decides for a visitor on a mobile (the default context), then on a desktop, then on a tablet.
    const hero = phone(page, 'The placement on a phone');
    await expect.poll(() => reason(page)).toBe('Shown to everyone on a mobile.');
    await hero.getByRole('heading', { name: 'Welcome on your phone' }).waitFor();
    expect(await hero.getByRole('button', { name: 'Shop now' }).isVisible()).toBe(true);
    await page.getByLabel('Device', { exact: true }).selectOption('desktop');
    await expect.poll(() => reason(page)).toBe('Shown to everyone on a desktop.');
    await hero.getByRole('heading', { name: 'Big screen deals' }).waitFor();
    expect(await page.getByTestId('preview-skipped').textContent()).toContain('mobile_welcome: not on a mobile device');
    await page.getByLabel('Device', { exact: true }).selectOption('tablet');
    await expect.poll(() => page.getByTestId('preview-choice').textContent()).toBe('The default');
    await hero.getByRole('heading', { name: 'Hello from Rapport' }).waitFor();

    // A template with a filter Liquid does not know: the server's problem shows next to that template.
    const title = first.getByLabel('title', { exact: true });
    await title.fill('{{ "hi" | shout }}');
    await page.getByTestId('preview-invalid').waitFor();
    await first.getByText(/does not parse: undefined filter: shout/).waitFor();
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await second.getByText(/does not parse/).count()).toBe(0);
    await title.fill('Welcome, {{ "phone" | upcase }}');
    await page.getByLabel('Device', { exact: true }).selectOption('mobile');
    await hero.getByRole('heading', { name: 'Welcome, PHONE' }).waitFor();
    expect(await first.getByText(/does not parse/).count()).toBe(0);
    await screenshot(page, 'placements-editor', 'desktop');

    await page.getByRole('button', { name: 'Create the placement' }).click();
    await page.waitForURL(/\/app\/placements\/home_hero$/);
    await page.getByRole('heading', { name: 'Home hero' }).waitFor();
    const saved = await shop.admin<{ experiences: { key: string; audience: unknown }[]; default: Record<string, string> }>('GET', '/api/v1/placements/home_hero');
    expect(saved.experiences.map((e) => [e.key, e.audience])).toEqual([
      ['mobile_welcome', { context: { devices: ['mobile'] } }],
      ['desktop_offer', { context: { devices: ['desktop'] } }],
    ]);
    expect(saved.default['title']).toBe('Hello from Rapport');

    await page.getByRole('link', { name: 'Back to the placements' }).click();
    const row = page.getByRole('table', { name: 'Placements' }).getByRole('row', { name: /Home hero/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/home_hero.*Content.*active2/);
    await screenshot(page, 'placements-list', 'desktop');
  }, 90_000);

  it('writes an in-app message shown in the phone by the SDK renderer, with its problems next to their fields, and sets the budget', async () => {
    const page = await shop.ownerPage('desktop', '/app/messages');
    await page.getByText('No in-app message yet').waitFor();
    await page.getByRole('link', { name: 'Create your first message' }).click();
    await input(page, 'Key').fill('welcome_back');
    await input(page, 'Name').fill('Welcome back');
    await page.getByLabel(/^Title/).fill('Welcome back, {{ profile.firstName }}');
    await page.getByLabel('Body').fill('Free delivery this week');

    // A modal: the SDK's own dialog, named by its title, inside the frame.
    const frame = phone(page, 'The message on a phone');
    const dialog = frame.getByRole('dialog', { name: 'Welcome back, {{ profile.firstName }}' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'OK' }).isVisible()).toBe(true);
    expect(await dialog.getByText('Free delivery this week').isVisible()).toBe(true);
    // The editor keeps the focus while the phone draws the modal.
    expect(await page.evaluate<string>('document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.tagName ?? ""')).not.toBe('IFRAME');
    await page.getByText('Banner', { exact: true }).click();
    await frame.getByRole('region', { name: 'Welcome back, {{ profile.firstName }}' }).waitFor();
    expect(await frame.getByRole('dialog').count()).toBe(0);

    // An event trigger without its event, and a button that opens no URL: refused, each next to its field.
    await input(page, 'Trigger').click();
    await page.getByRole('option', { name: 'When they do something (an event)' }).click();
    await page.getByRole('button', { name: 'Add a button' }).click();
    await page.getByRole('group', { name: 'Button 2' }).getByRole('textbox', { name: 'Button 2' }).fill('See the offer');
    await page.getByRole('button', { name: 'Create the message' }).click();
    await page.getByText('The message was not saved: the problems are marked in red next to their fields.').waitFor();
    expect(await input(page, 'Event').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('A trigger of kind event names its event').waitFor();
    expect(await page.getByRole('group', { name: 'Button 2' }).getByText('A button that opens a URL needs the URL').isVisible()).toBe(true);
    await input(page, 'Event').fill('Product Added');
    await page.getByRole('group', { name: 'Button 2' }).getByLabel('URL').fill('/offers');
    await frame.getByRole('button', { name: 'See the offer' }).waitFor();
    await screenshot(page, 'messages-editor', 'desktop');
    await page.getByRole('button', { name: 'Create the message' }).click();
    await page.waitForURL(/\/app\/messages\/welcome_back$/);
    const saved = await shop.admin<{ format: string; trigger: unknown; purpose: string | null }>('GET', '/api/v1/in-app-messages/welcome_back');
    expect(saved).toMatchObject({ format: 'banner', trigger: { kind: 'event', event: 'Product Added' }, purpose: 'marketing' });

    // The budget: at most 3 promotional messages per person per day.
    await page.getByRole('link', { name: 'Back to the messages' }).click();
    await page.getByRole('table', { name: 'In-app messages' }).getByText('When they do “Product Added”').waitFor();
    await input(page, 'At most, per person per day').fill('3');
    await page.getByRole('button', { name: 'Save the budget' }).click();
    await page.getByText('The budget is saved.').waitFor();
    const workspace = await shop.admin<{ settings: { messaging: { promotionalPerDay: number } } }>('GET', '/api/v1/workspace');
    expect(workspace.settings.messaging.promotionalPerDay).toBe(3);
    await screenshot(page, 'messages-list', 'desktop');
  }, 90_000);

  it.each(['phone'] as const)('fits the lists, the editors and their phones on a %s', async (viewport) => {
    const page = await shop.ownerPage(viewport, '/app/placements');
    await page.getByRole('link', { name: 'Home hero' }).click();
    const hero = phone(page, 'The placement on a phone');
    await expect.poll(() => reason(page)).toBe('Shown to everyone on a mobile.');
    await hero.getByRole('heading', { name: 'Welcome, PHONE' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'placements-editor', viewport);

    await page.goto('/app/messages/welcome_back');
    await phone(page, 'The message on a phone').getByRole('region', { name: 'Welcome back, {{ profile.firstName }}' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'messages-editor', viewport);
    await page.goto('/app/messages');
    await page.getByRole('table', { name: 'In-app messages' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'messages-list', viewport);
    expect(shop.problems).toEqual([]);
  }, 60_000);
});
