import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The SDK's script-tag build (window.Rapport: the core and the DOM renderer), served so that a shop can load it from
 * its Rapport server — `<script src="https://rapport.shop.example/sdk/rapport.js">` — and the dashboard can preview
 * in-app messages exactly as the SDK renders them. Read at each request (it is small, and a rebuild shows at once).
 */
export async function sdkRoutes(app: FastifyInstance, { dir }: { dir: string | undefined }): Promise<void> {
  app.get('/sdk/rapport.js', { schema: { hide: true } }, async (_request, reply) => {
    const script = dir === undefined ? undefined : await readFile(join(dir, 'rapport.js'), 'utf8').catch(() => undefined);
    if (script === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('The SDK is not built: run npm run build.');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('access-control-allow-origin', '*').send(script);
  });
}
