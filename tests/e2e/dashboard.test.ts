import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, spawnRapport, type RapportProcess } from '../support/rapport-process.js';
import { launchChromium, openPage, screenshot, viewports, type ViewportName } from './browser.js';

// The built server (packages/server/bundle) and the built dashboard (packages/dashboard/dist): `npm test` builds both.
// One server and one browser for the file; each person has a browser context (cookies) of their own.
const owner = { email: 'olive@shop.example', name: 'Olive Owner', password: 'correct horse battery staple' };
const marketer = { email: 'mark@shop.example', name: 'Mark Marketer', password: 'marketing all day long' };
const viewer = { email: 'vera@shop.example', name: 'Vera Viewer', password: 'just looking around here' };

describe('the dashboard in a browser', () => {
  let rapport: RapportProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const invitations = new Map<string, string>();

  const personIn = async (viewport: ViewportName): Promise<Page> => {
    const context = await browser.newContext({ ...viewports[viewport], baseURL: rapport.url });
    contexts.push(context);
    return openPage(context, problems);
  };
  // By its whole label: Mantine adds " *" to the label of a required field.
  const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\*)?$`));

  beforeAll(async () => {
    [rapport, browser] = await Promise.all([spawnRapport({ writeKey: undefined, secretKey: undefined, env: { RAPPORT_WRITE_KEY: '', RAPPORT_SECRET_KEY: '' } }), launchChromium()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await rapport?.stop('SIGKILL');
    if (rapport !== undefined) removeDataDir(rapport.dataDir);
  });

  it('creates the owner through the link that `rapport start` prints, and lands signed in', async () => {
    const link = /(http:\/\/\S+\/app\/setup\?token=\S+)/.exec(rapport.output())?.[1];
    expect(link).toBeDefined();
    const page = await personIn('desktop');
    await page.goto(link!);
    await field(page, 'E-mail address').fill(owner.email);
    await field(page, 'Name').fill(owner.name);
    // The rules are checked as one types: too short, then the name itself.
    await field(page, 'Password').fill('short');
    await expect.poll(() => page.getByTestId('password-problems').textContent()).toContain('at least 10 characters');
    await field(page, 'Password').fill(owner.name.toLowerCase());
    await expect.poll(() => page.getByTestId('password-problems').textContent()).toContain('not be your e-mail address or your name');
    expect(await page.getByRole('button', { name: 'Create the account' }).isDisabled()).toBe(true);
    await field(page, 'Password').fill(owner.password);
    await screenshot(page, 'setup', 'desktop');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/?$/);
    await expect.poll(() => page.getByRole('button', { name: /Account menu of Olive Owner/ }).isVisible()).toBe(true);
    await screenshot(page, 'overview', 'desktop');

    // The link works once.
    const again = await personIn('desktop');
    await again.goto(link!);
    await field(again, 'E-mail address').fill('someone@shop.example');
    await field(again, 'Name').fill('Someone');
    await field(again, 'Password').fill('another long passphrase');
    await again.getByRole('button', { name: 'Create the account' }).click();
    await again.getByRole('alert').filter({ hasText: /already has an owner/ }).waitFor();
  });

  it.each(['desktop', 'phone'] as const)('sends a visitor to the login page, refuses a wrong password, logs in and out (%s)', async (viewport) => {
    const page = await personIn(viewport);
    await page.goto('/app/settings/workspace');
    await page.waitForURL(/\/app\/login\?next=/);
    await field(page, 'E-mail address').fill(owner.email);
    await field(page, 'Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The e-mail address or the password is wrong' }).waitFor();
    await screenshot(page, 'login-error', viewport);
    await field(page, 'Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back where the visitor wanted to go.
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/settings/workspace');
    await field(page, 'Workspace name').waitFor();
    await screenshot(page, 'settings-workspace', viewport);
    if (viewport === 'phone') {
      // The navigation hides behind the burger on a phone, out of reach of the keyboard and screen readers too.
      const segments = page.getByRole('link', { name: 'Segments' });
      expect(await segments.count()).toBe(0);
      await page.getByRole('button', { name: 'Open the navigation' }).click();
      await segments.waitFor({ state: 'visible' });
      await expect.poll(async () => (await segments.boundingBox())?.x).toBeGreaterThanOrEqual(0);
      await screenshot(page, 'navigation', viewport);
      await page.getByRole('link', { name: 'Segments' }).click();
      await page.getByRole('heading', { name: 'Segments' }).waitFor();
      // A new shop has no segments yet: the page says how to make the first one.
      await page.getByText('Create your first segment').first().waitFor();
    }
    await page.getByRole('button', { name: /Account menu of/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/app\/login$/);
    // The session ended on the server too: the app asks for a login again.
    await page.goto('/app/');
    await page.waitForURL(/\/app\/login/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });

  it('lets the owner change the workspace, invite a marketer and a viewer, and create a key shown once', async () => {
    const page = await personIn('desktop');
    await page.goto('/app/login');
    await field(page, 'E-mail address').fill(owner.email);
    await field(page, 'Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();

    // An error of the API goes next to its field.
    await field(page, 'Workspace name').waitFor();
    await field(page, 'Rejected payloads (days)').fill('99999');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/must be/i).first().waitFor();
    await field(page, 'Rejected payloads (days)').fill('60');
    await field(page, 'Workspace name').fill('Olive’s Teas');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The workspace settings are saved.').waitFor();

    await page.getByRole('tab', { name: 'Users and roles' }).click();
    for (const [who, role] of [
      [marketer, 'marketer'],
      [viewer, 'viewer'],
    ] as const) {
      await field(page, 'E-mail address').fill(who.email);
      await page.getByRole('combobox', { name: 'Role' }).click();
      await page.getByRole('option', { name: role, exact: true }).click();
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      const shown = page.getByTestId('shown-once');
      await shown.waitFor();
      const url = (await shown.textContent())!;
      expect(url).toMatch(/\/app\/accept-invitation\?token=inv_/);
      invitations.set(role, url);
      if (role === 'viewer') await screenshot(page, 'settings-team', 'desktop');
      await page.getByRole('button', { name: 'Done' }).click();
    }
    await page.getByRole('table', { name: 'Invitations' }).getByText(viewer.email).waitFor();

    await page.getByRole('tab', { name: 'API keys' }).click();
    await field(page, 'Name').fill('catalog sync');
    await page.getByRole('checkbox', { name: 'read', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'catalog:write' }).check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    const key = await page.getByTestId('shown-once').textContent();
    expect(key).toMatch(/^sk_/);
    await page.getByRole('table', { name: 'API keys' }).getByText('catalog sync').waitFor();
    await screenshot(page, 'settings-keys', 'desktop');
    const check = await fetch(`${rapport.url}/api/v1/keys`, { headers: { authorization: `Bearer ${key}` } });
    expect(check.status).toBe(403); // a catalog:write key may not list keys

    await page.getByRole('tab', { name: 'Audit log' }).click();
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.getByText('POST /api/v1/keys').first().waitFor();
    await audit.getByRole('button', { name: 'Details' }).first().click();
    await audit.getByText('After').waitFor();
    await screenshot(page, 'settings-audit', 'desktop');
  });

  it('signs in an invited marketer (desktop) and viewer (phone); the viewer sees read-only screens and the API refuses their changes', async () => {
    const marketerPage = await personIn('desktop');
    await marketerPage.goto(invitations.get('marketer')!);
    await field(marketerPage, 'Name').fill(marketer.name);
    await field(marketerPage, 'Password').fill(marketer.password);
    await marketerPage.getByRole('button', { name: 'Join' }).click();
    await marketerPage.getByRole('heading', { name: 'Overview' }).waitFor();
    await marketerPage.goto('/app/settings/team');
    await marketerPage.getByText('Not for your role').waitFor();

    const page = await personIn('phone');
    await page.goto(invitations.get('viewer')!);
    await field(page, 'Name').fill(viewer.name);
    await field(page, 'Password').fill(viewer.password);
    await screenshot(page, 'accept-invitation', 'phone');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Account menu of Vera Viewer/ }).textContent()).toContain('viewer');

    await page.goto('/app/settings/workspace');
    await page.getByText('Read only').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await screenshot(page, 'settings-workspace-viewer', 'phone');
    await page.getByRole('tab', { name: 'Users and roles' }).click();
    await page.getByText('Not for your role').waitFor();
    expect(await page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    await screenshot(page, 'settings-team-viewer', 'phone');
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.getByText('Not for your role').waitFor();
    expect(await page.getByRole('button', { name: 'Create the key' }).count()).toBe(0);

    // The API enforces the role whatever the page shows: with the viewer's own session and CSRF token.
    const context = page.context();
    const csrf = (await context.cookies()).find((c) => c.name === 'rapport_csrf')?.value;
    expect(csrf).toBeDefined();
    const invite = await context.request.post('/api/v1/invitations', { headers: { 'x-csrf-token': csrf! }, data: { email: 'eve@shop.example', role: 'admin' } });
    expect([invite.status(), ((await invite.json()) as { code: string }).code]).toEqual([403, 'ERR_AUTH_ROLE']);
    const rename = await context.request.patch('/api/v1/workspace', { headers: { 'x-csrf-token': csrf! }, data: { name: 'Vera’s shop' } });
    expect([rename.status(), ((await rename.json()) as { code: string }).code]).toEqual([403, 'ERR_AUTH_ROLE']);
  });

  it('ran without errors in the pages (uncaught exceptions, refused by the content security policy)', () => {
    expect(problems).toEqual([]);
  });
});
