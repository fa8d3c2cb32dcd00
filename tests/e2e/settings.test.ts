import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, viewports, type ViewportName } from './browser.js';
import { owner, startSignedInShop, type SignedInShop } from './signed-in.js';

// The built server and dashboard (`npm run build`). One server and one browser for the file; the tests run in order:
// the owner's name and password change first, then the ownership, then the audit log of all that is read.
const admin = { email: 'ada@shop.example', name: 'Ada Admin', password: 'administering with care' };
const renamed = { desktop: 'Olive Oak', phone: 'Olivia Owner' } as const;
const newPasswords = { desktop: 'a new passphrase for the desk', phone: 'another passphrase for phones' } as const;

describe('Settings in a browser: your account, the ownership, the audit log filtered', () => {
  let shop: SignedInShop;
  const contexts: BrowserContext[] = [];
  // What the owner is called and signs in with now: the first tests change both.
  let name = owner.name;
  let password = owner.password;

  beforeAll(async () => {
    shop = await startSignedInShop();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await shop?.close();
  });

  // By its whole label: Mantine adds " *" to the label of a required field.
  const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}( \\*)?$`));
  /** The texts that describe a field (aria-describedby): where Mantine puts the error of a field. */
  const descriptionOf = async (page: Page, label: string) => {
    const ids = ((await field(page, label).getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id !== '');
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };
  /** The name and role the header's menu shows (the button also holds the style of its responsive width). */
  const menuOf = (page: Page) => page.getByRole('button', { name: /Account menu of/ }).textContent();
  /** Waits for a notice, then closes it: on a phone, notices lie over the header's menu until they go. */
  const closeNotice = async (page: Page, text: string) => {
    const notice = page.getByRole('alert').filter({ hasText: text });
    await notice.getByRole('button', { name: 'Close the notice' }).click();
    await notice.waitFor({ state: 'hidden' });
  };
  const context = async (viewport: ViewportName) => {
    const c = await shop.browser.newContext({ ...viewports[viewport], baseURL: shop.rapport.url });
    contexts.push(c);
    return c;
  };
  /** Signs the owner in through the login page, then opens `path`. */
  const ownerSignsIn = async (viewport: ViewportName, path: string) => {
    const page = await openPage(await context(viewport), shop.problems);
    await page.goto('/app/login');
    await field(page, 'E-mail address').fill(owner.email);
    await field(page, 'Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.goto(path);
    return page;
  };

  it.each(['desktop', 'phone'] as const)(
    'changes your name, shown in the header at once, and your password: a wrong current one is said next to its field (%s)',
    async (viewport) => {
      // Another session of the owner, elsewhere: it ends when the password changes.
      const elsewhere = await context('desktop');
      expect((await elsewhere.request.post('/api/v1/auth/login', { data: { email: owner.email, password } })).status()).toBe(200);

      const page = await ownerSignsIn(viewport, '/app/settings/account');
      await page.getByText(`Signed in as ${owner.email}`).waitFor();
      expect(await field(page, 'Name').inputValue()).toBe(name);
      await field(page, 'Name').fill(renamed[viewport]);
      await page.getByRole('button', { name: 'Save the name' }).click();
      await closeNotice(page, `Your name is now ${renamed[viewport]}.`);
      name = renamed[viewport];
      await page.getByRole('button', { name: `Account menu of ${name}` }).waitFor();
      expect(await page.getByRole('button', { name: 'Save the name' }).isDisabled()).toBe(true);

      await field(page, 'Current password').fill('not my password at all');
      await field(page, 'New password').fill(newPasswords[viewport]);
      await page.getByRole('button', { name: 'Change the password' }).click();
      await expect.poll(() => descriptionOf(page, 'Current password')).toMatch(/is wrong/i);
      await screenshot(page, 'settings-account', viewport);
      await field(page, 'Current password').fill(password);
      await page.getByRole('button', { name: 'Change the password' }).click();
      await closeNotice(page, 'Your password is changed');
      const old = password;
      password = newPasswords[viewport];
      expect(await field(page, 'Current password').inputValue()).toBe('');
      expect((await elsewhere.request.get('/api/v1/auth/me')).status()).toBe(401);

      // This session goes on; signed out, the old password no longer works and the new one does.
      await page.getByRole('button', { name: `Account menu of ${name}` }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL(/\/app\/login$/);
      await field(page, 'E-mail address').fill(owner.email);
      await field(page, 'Password').fill(old);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The e-mail address or the password is wrong' }).waitFor();
      await field(page, 'Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await expect.poll(() => menuOf(page)).toMatch(new RegExp(`${name}owner$`));
    },
  );

  it('lets the owner give the ownership to an admin after a confirmation; the list and their own menu show the new roles (phone)', async () => {
    const invited = await shop.admin<{ token: string }>('POST', '/api/v1/invitations', { email: admin.email, role: 'admin' });
    const accepted = await fetch(`${shop.rapport.url}/api/v1/auth/accept-invitation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invited.token, name: admin.name, password: admin.password }),
    });
    expect(accepted.status).toBe(201);

    const page = await ownerSignsIn('phone', '/app/settings/team');
    const users = page.getByRole('table', { name: 'Users' });
    const adaRow = users.getByRole('row').filter({ hasText: admin.name });
    const myRow = users.getByRole('row').filter({ hasText: name });
    await adaRow.waitFor();
    // Only for others: the owner's own row has no such button.
    expect(await myRow.getByRole('button').count()).toBe(0);
    await adaRow.getByRole('button', { name: `Make ${admin.name} the owner` }).click();
    const dialog = page.getByRole('dialog', { name: `Make ${admin.name} the owner?` });
    await dialog.getByText('you become an admin').waitFor();
    // Cancelled, nothing changes.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await adaRow.getByRole('button', { name: `Make ${admin.name} the owner` }).click();
    await dialog.getByRole('button', { name: 'Make owner' }).click();

    await page.getByText(`${admin.name} is now the owner, and you are an admin.`).waitFor();
    await adaRow.getByText('owner', { exact: true }).waitFor();
    await myRow.getByText('admin', { exact: true }).waitFor();
    // The former owner's own session follows the new role: no more transfers to offer, and the menu says admin.
    await expect.poll(() => menuOf(page)).toMatch(new RegExp(`${name}admin$`));
    expect(await page.getByRole('button', { name: /^Make .* the owner$/ }).count()).toBe(0);
    expect(await adaRow.getByRole('button').count()).toBe(0);
    // The table scrolled sideways to the button: back to the names.
    await myRow.getByText(name).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-team-ownership', 'phone');

    const after = await shop.admin<{ items: { email: string; role: string }[] }>('GET', '/api/v1/users');
    expect(Object.fromEntries(after.items.map((u) => [u.email, u.role]))).toEqual({ [owner.email]: 'admin', [admin.email]: 'owner' });
  });

  describe('the audit log', () => {
    // 26 keys created and revoked one after the other with the secret key: 26 DELETEs (a page of 25 and one more),
    // between as many POSTs.
    beforeAll(async () => {
      for (let i = 0; i < 26; i++) {
        const created = await shop.admin<{ apiKey: { id: string } }>('POST', '/api/v1/keys', { kind: 'write', name: `site ${i}` });
        await shop.admin('DELETE', `/api/v1/keys/${created.apiKey.id}`);
      }
    });

    /** The text of each entry on screen. */
    const rowsOf = (page: Page) => page.getByRole('table', { name: 'Audit log' }).locator('tbody tr').allTextContents();
    const all = (page: Page, pattern: RegExp, count?: number) =>
      expect
        .poll(async () => {
          const rows = await rowsOf(page);
          return rows.length > 0 && rows.every((r) => pattern.test(r)) && (count === undefined || rows.length === count);
        })
        .toBe(true);
    const noMatch = (page: Page) => page.getByText('No change matches the filters').waitFor();

    it.each(['desktop', 'phone'] as const)(
      'filters by method across pages, by person, route and time, and "Clear filters" shows everything again (%s)',
      async (viewport) => {
        const page = await ownerSignsIn(viewport, '/app/settings/audit');
        await page.getByRole('table', { name: 'Audit log' }).waitFor();
        const everything = await rowsOf(page);
        expect(everything.some((r) => r.includes('POST /api/v1/keys'))).toBe(true);
        expect(everything.some((r) => r.includes('DELETE /api/v1/keys/:id'))).toBe(true);

        await page.getByRole('combobox', { name: 'Method' }).click();
        await page.getByRole('option', { name: 'DELETE', exact: true }).click();
        await all(page, /DELETE \/api\/v1\/keys\/:id/, 25);
        expect(new URL(page.url()).searchParams.get('method')).toBe('DELETE');
        await screenshot(page, 'settings-audit-filtered', viewport);
        // The next page keeps the filter: the 26th DELETE, and nothing else.
        await page.getByRole('button', { name: 'Older' }).click();
        await page.getByText('Page 2').waitFor();
        await all(page, /DELETE \/api\/v1\/keys\/:id/, 1);
        await page.getByRole('button', { name: 'Newer' }).click();
        await all(page, /DELETE \/api\/v1\/keys\/:id/, 25);

        // By person: the owner's own changes (name, password, ownership), none of them a DELETE.
        await page.getByRole('combobox', { name: 'Person' }).click();
        await page.getByRole('option', { name }).click();
        await noMatch(page);
        await page.getByRole('combobox', { name: 'Method' }).click();
        await page.getByRole('option', { name: 'PATCH', exact: true }).click();
        await all(page, new RegExp(`${owner.email}.*PATCH /api/v1/auth/me`));
        await page.getByRole('button', { name: 'Clear filters' }).click();
        await expect.poll(async () => (await rowsOf(page)).length).toBe(25);
        expect(await page.getByRole('combobox', { name: 'Person' }).inputValue()).toBe('');
        await expect.poll(async () => (await rowsOf(page)).some((r) => r.includes('POST /api/v1/keys'))).toBe(true);

        // An exact route; a time range that holds nothing.
        await field(page, 'Route').fill('/api/v1/users/:id/ownership');
        await all(page, new RegExp(`${owner.email}.*POST /api/v1/users/:id/ownership`), 1);
        await field(page, 'From').fill('2099-01-01T00:00');
        await noMatch(page);
        await page.getByRole('button', { name: 'Clear filters' }).click();
        await expect.poll(async () => (await rowsOf(page)).length).toBe(25);
        expect(await field(page, 'Route').inputValue()).toBe('');
        expect(new URL(page.url()).search).toBe('');
      },
    );
  });

  it('ran without errors in the pages (uncaught exceptions, refused by the content security policy)', () => {
    expect(shop.problems).toEqual([]);
  });
});
