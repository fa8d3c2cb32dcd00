import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Vite names the files under assets/ after a hash of their content: a name never changes meaning, so they keep. */
const HASHED_ASSETS = 'public, max-age=31536000, immutable';

/**
 * The page itself (index.html) is asked again every time, so that a new build is seen at once. Its scripts and
 * styles come only from this server; Mantine sets inline styles, hence 'unsafe-inline' for styles only. Images may come
 * from any https site: the previews of placements and messages show the shop's own images, hosted where the shop hosts
 * them.
 */
const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  // The setup and invitation links carry their token in the address: it must not leak in a Referer.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

function notBuiltPage(dir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Rapport: the dashboard is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The dashboard is not built</h1>
<p>Rapport is running, but it found no dashboard to serve in <code>${dir.replace(/[<>&]/g, '')}</code>.</p>
<p>Run <code>npm run build</code> in Rapport's folder (<code>npm start</code> builds it too), then reload this page.</p>
<p>The API works meanwhile: <a href="/docs">/docs</a>.</p>
</body></html>
`;
}

/** The file under `dir` that `path` names, if it is one (never outside `dir`). */
async function fileIn(dir: string, path: string): Promise<string | undefined> {
  if (path === '' || path.includes('\0')) return undefined;
  const full = resolve(dir, path);
  if (!full.startsWith(dir + sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  return info?.isFile() === true ? full.slice(dir.length + 1) : undefined;
}

/**
 * The dashboard (packages/dashboard/dist) at /app: its files, and index.html for every other address under /app so
 * that the browser's router shows the page (a reload of /app/settings/team works). Missing files under assets/ are
 * 404s, not the page. Without a build, /app answers 503 with a page that says how to build it. `/` leads to /app/.
 */
export async function dashboardRoutes(app: FastifyInstance, { dir }: { dir: string | undefined }): Promise<void> {
  const root = dir === undefined ? undefined : resolve(dir);
  // Only for reply.sendFile: the routes below decide what is served.
  if (root !== undefined) await app.register(fastifyStatic, { root, serve: false, cacheControl: false });

  const sendPage = async (reply: FastifyReply) => {
    if (root === undefined || (await fileIn(root, 'index.html')) === undefined) {
      return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage(root ?? 'packages/dashboard/dist'));
    }
    return reply.headers(PAGE_HEADERS).sendFile('index.html', { cacheControl: false });
  };

  // Relative redirects, so that they also work behind a proxy that serves Rapport under a path.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('app/', 302));
  app.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect('app/', 301));
  app.get<{ Params: { '*': string } }>('/app/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.params['*'];
    const file = root === undefined ? undefined : await fileIn(root, path);
    if (file === undefined || file === 'index.html') {
      if (path.startsWith('assets/')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
      return sendPage(reply);
    }
    const immutable = file.startsWith(`assets${sep}`);
    return reply.header('cache-control', immutable ? HASHED_ASSETS : 'no-cache').header('x-content-type-options', 'nosniff').sendFile(file, { cacheControl: false });
  });
}
