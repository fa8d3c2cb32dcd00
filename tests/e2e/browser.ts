import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): no browser download. */
export const CHROMIUM = process.env['RAPPORT_E2E_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where screenshots of the main screens go: test-artifacts/screenshots/<name>-<viewport>.png. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
export type ViewportName = keyof typeof viewports;

/**
 * Headless Chromium without the background traffic of a desktop browser. Playwright gives each launch a fresh
 * temporary profile (user-data-dir) of its own and deletes it on close.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page whose uncaught errors and Content-Security-Policy refusals are collected in `problems`. */
export async function openPage(context: BrowserContext, problems: string[]): Promise<Page> {
  // Playwright's library waits forever by default: a missing element fails the step, with its selector, in 10 s.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Uncaught/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return page;
}

/**
 * Saves a screenshot of the whole page as <name>-<viewport>.png, from its top: scrolled, the fixed header would be
 * drawn in the middle of the page.
 */
export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport}.png`), fullPage: true });
}
