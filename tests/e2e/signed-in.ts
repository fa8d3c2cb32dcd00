import type { Browser, BrowserContext, Page } from 'playwright-core';
import { removeDataDir, spawnRapport, waitForProcessor, type RapportProcess } from '../support/rapport-process.js';
import { launchChromium, openPage, viewports, type ViewportName } from './browser.js';

/** The owner every screen's browser test signs in as. */
export const owner = { email: 'olive@shop.example', name: 'Olive Owner', password: 'correct horse battery staple' };

/** A running server with an owner, a browser, and helpers to open signed-in pages and to send the shop's events. */
export interface SignedInShop {
  readonly rapport: RapportProcess;
  readonly browser: Browser;
  /** Uncaught page errors and refusals of the content security policy, for a final check. */
  readonly problems: string[];
  /** A new browser context (its own cookies) at a viewport, signed in as the owner, on `path` under /app. */
  ownerPage(viewport: ViewportName, path?: string): Promise<Page>;
  /** Posts Segment messages with the write key (one `/v1/batch`) and waits until the processor has them all. */
  send(messages: readonly Record<string, unknown>[]): Promise<void>;
  /** Calls the admin API with the secret key; throws on an answer that is not 2xx. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the built server (the environment's keys set, as an automated deployment does) and Chromium, and creates the
 * owner through the setup API with the token the start banner prints. Each test file calls it once in `beforeAll`.
 */
export async function startSignedInShop(): Promise<SignedInShop> {
  const [rapport, browser] = await Promise.all([spawnRapport(), launchChromium()]);
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  const token = /\/app\/setup\?token=(\S+)/.exec(rapport.output())?.[1];
  if (token === undefined) throw new Error(`no setup link in the start banner:\n${rapport.output()}`);
  const setup = await fetch(`${rapport.url}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...owner }),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${rapport.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${rapport.secretKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text === '' ? null : JSON.parse(text)) as T;
  };

  return {
    rapport,
    browser,
    problems,
    admin,
    async ownerPage(viewport, path = '/app/') {
      const context = await browser.newContext({ ...viewports[viewport], baseURL: rapport.url });
      contexts.push(context);
      const login = await context.request.post('/api/v1/auth/login', { data: { email: owner.email, password: owner.password } });
      if (login.status() !== 200) throw new Error(`login answered ${login.status()}: ${await login.text()}`);
      const page = await openPage(context, problems);
      await page.goto(path);
      return page;
    },
    async send(messages) {
      const res = await fetch(`${rapport.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${rapport.writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ batch: messages }),
      });
      if (res.status !== 200) throw new Error(`/v1/batch answered ${res.status}: ${await res.text()}`);
      await waitForProcessor(rapport.url);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await rapport.stop('SIGKILL');
      removeDataDir(rapport.dataDir);
    },
  };
}
