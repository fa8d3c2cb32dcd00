import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, viewports } from './browser.js';

// The SDK's script-tag build (`npm run build`) showing in-app messages in a real browser on a phone: what a person
// using a keyboard or a screen reader meets. A page of a pretend shop, served from a server of its own.
const SCRIPT = resolve(import.meta.dirname, '../../packages/sdk/dist/script/rapport.js');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head>
<body><header><button id="before">Menu</button></header><main><h1>Shop</h1><div id="cards"></div><a href="#x">A link after</a></main>
<script src="/rapport.js"></script></body></html>`;

const message = (format: string, extra: object = {}) => ({
  message: `m-${format}`,
  deliveryId: `d-${format}`,
  format,
  title: 'Free delivery <b>today</b>',
  body: 'On orders over £30',
  imageUrl: null,
  imageAlt: null,
  buttons: [
    { text: 'Shop now', action: 'open_url', url: 'https://shop.example/new' },
    { text: 'Not now', action: 'dismiss', url: null },
  ],
  reason: { sentence: 'Shown to everyone.' },
  tracking: { message: `m-${format}`, deliveryId: `d-${format}`, sessionId: null },
  ...extra,
});

describe("the SDK's renderer of in-app messages, in a browser on a phone", () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    const script = readFileSync(SCRIPT, 'utf8');
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': req.url === '/rapport.js' ? 'text/javascript' : 'text/html; charset=utf-8' });
      res.end(req.url === '/rapport.js' ? script : PAGE);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  /** A page on a phone where `show(message)` renders with the DOM renderer and records what it reports. */
  const phonePage = async (): Promise<Page> => {
    const context = await browser.newContext({ ...viewports.phone });
    const page = await openPage(context, problems);
    await page.goto(url);
    await page.evaluate(`
      window.reported = [];
      window.opened = [];
      window.renderer = window.Rapport.createDomRenderer({ cardContainer: '#cards', toastMs: 60000, openUrl: (u) => window.opened.push(u) });
      window.show = (m) => window.renderer.show(m, {
        shown: () => window.reported.push('shown'),
        dismissed: () => window.reported.push('dismissed'),
        clicked: (i) => window.reported.push('clicked ' + i),
      });
    `);
    return page;
  };
  const reported = (page: Page) => page.evaluate<string[]>('window.reported');

  it('shows a modal as a dialog named by its title, keeps the focus inside, closes on Escape and gives the focus back', async () => {
    const page = await phonePage();
    await page.locator('#before').focus();
    await page.evaluate(`window.show(${JSON.stringify(message('modal'))})`);
    const dialog = page.getByRole('dialog', { name: 'Free delivery <b>today</b>' });
    await dialog.waitFor();
    // The title is text: markup in it is shown, not interpreted.
    expect(await dialog.locator('b').count()).toBe(0);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await page.evaluate<boolean>(`document.querySelector('[role=dialog]').contains(document.activeElement)`)).toBe(true);
    // Tab and Shift+Tab stay inside the dialog, however many times.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'Tab' : 'Shift+Tab');
      expect(await page.evaluate<boolean>(`document.querySelector('[role=dialog]').contains(document.activeElement)`)).toBe(true);
    }
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<boolean>(`document.querySelector('[role=dialog]').contains(document.activeElement)`)).toBe(true);
    await screenshot(page, 'sdk-modal', 'phone');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await reported(page)).toEqual(['shown', 'dismissed']);
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('before');
    expect(problems).toEqual([]);
  });

  it('reports a button: an open_url button opens its link, a dismiss button closes the message', async () => {
    const page = await phonePage();
    await page.evaluate(`window.show(${JSON.stringify(message('modal'))})`);
    await page.getByRole('button', { name: 'Shop now' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.evaluate<string[]>('window.opened')).toEqual(['https://shop.example/new']);
    await page.evaluate(`window.show(${JSON.stringify(message('banner', { deliveryId: 'd2' }))})`);
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.getByText('On orders over £30').waitFor({ state: 'detached' });
    // The renderer reports the button; the client counts a dismiss button as a dismissal too (Message Dismissed).
    expect(await reported(page)).toEqual(['shown', 'clicked 0', 'shown', 'clicked 1']);
    // A link that is not http(s) is never followed.
    await page.evaluate(`window.show(${JSON.stringify(message('modal', { deliveryId: 'd3', buttons: [{ text: 'Run', action: 'open_url', url: 'javascript:alert(1)' }] }))})`);
    await page.getByRole('button', { name: 'Run' }).click();
    expect(await page.evaluate<string[]>('window.opened')).toEqual(['https://shop.example/new']);
  });

  it('shows a toast as a polite status, a banner at the top and a card in its container, each with a close button', async () => {
    const page = await phonePage();
    await page.evaluate(`window.show(${JSON.stringify(message('toast'))})`);
    const toast = page.getByRole('status').filter({ hasText: 'Free delivery' });
    await toast.waitFor();
    expect(await toast.getAttribute('aria-live')).toBe('polite');
    await screenshot(page, 'sdk-toast', 'phone');
    await toast.getByRole('button', { name: 'Close' }).click();
    await toast.waitFor({ state: 'detached' });

    await page.evaluate(`window.show(${JSON.stringify(message('card'))})`);
    const card = page.locator('#cards').getByText('On orders over £30');
    await card.waitFor();
    await screenshot(page, 'sdk-card', 'phone');
    expect(await reported(page)).toEqual(['shown', 'dismissed', 'shown']);
    expect(problems).toEqual([]);
  });
});
