import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { CATEGORIES } from './categories.js';
import type { RapportAdmin } from './rapport-admin.js';

/** The storefront's static files (index.html, shop.js, shop.css). */
const PUBLIC = resolve(import.meta.dirname, '../public');
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

export interface ShopOptions {
  readonly admin: RapportAdmin;
  /** Rapport as the browser reaches it (the SDK's host). */
  readonly rapportUrl: string;
  readonly writeKey: string;
  readonly port?: number;
  readonly host?: string;
  /** The browser build of the real @segment/analytics-next (its dist/umd folder), served at /vendor/analytics-next/ for analytics-next.html. */
  readonly analyticsNextDir?: string;
}

export interface Shop {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 10_000) throw new Error('too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/**
 * The demo shop's own server, as a small shop's would be: it serves the storefront, its catalog (read from Rapport's
 * catalog with its secret key, server side) and a pretend login that signs the userId with the identity secret, so
 * that the page can be personalized for a signed-in customer. Everything personal happens in the browser, through
 * the SDK and Rapport's public endpoints.
 */
export async function startShop(o: ShopOptions): Promise<Shop> {
  const products = (await o.admin.products()).map((p) => ({ id: p.id, name: p.name, category: p.category, price: p.price, currency: p.currency }));
  const catalog = JSON.stringify({ categories: CATEGORIES, products });
  const secret = await o.admin.identitySecret();
  const config = JSON.stringify({ rapportUrl: o.rapportUrl, writeKey: o.writeKey });
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://shop').pathname;
      if (path === '/api/config') return send(res, 200, 'application/json', config);
      if (path === '/api/catalog') return send(res, 200, 'application/json', catalog);
      if (path === '/api/login' && req.method === 'POST') {
        const body = (await bodyOf(req)) as { userId?: unknown };
        if (typeof body.userId !== 'string' || !/^[\w.@-]{1,100}$/.test(body.userId)) return send(res, 400, 'application/json', JSON.stringify({ message: 'userId: letters, digits, . @ _ -' }));
        const userToken = createHmac('sha256', secret).update(body.userId, 'utf8').digest('hex');
        return send(res, 200, 'application/json', JSON.stringify({ userId: body.userId, userToken }));
      }
      const vendor = '/vendor/analytics-next/';
      const [root, file] = path.startsWith(vendor) && o.analyticsNextDir !== undefined ? [resolve(o.analyticsNextDir), path.slice(vendor.length)] : [PUBLIC, path === '/' || extname(path) === '' ? 'index.html' : path.slice(1)];
      const full = resolve(root, file);
      if (!full.startsWith(root + sep)) return send(res, 404, 'text/plain', 'not found');
      const content = await readFile(full).catch(() => undefined);
      if (content === undefined) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, TYPES[extname(full)] ?? 'application/octet-stream', content);
    })().catch(() => send(res, 500, 'text/plain', 'error'));
  });
  await new Promise<void>((done) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
