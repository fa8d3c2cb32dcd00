/**
 * The HTTP ceiling of the ingestion benchmark, run as a child process by run.ts: the same stack as Rapport's ingest
 * routes (Fastify 5, every body read raw as a Buffer, then JSON.parse), and nothing else — no authentication, no
 * checks, no storage. Prints `bare endpoint listening on <url>` once it listens.
 */
import Fastify from 'fastify';

// 1 MiB: twice Rapport's default batch limit of 500 KiB, as its ingest routes allow.
const BODY_LIMIT = 1024 * 1024;

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
  done(null, body),
);
app.post('/v1/:endpoint', async (request) => {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  JSON.parse(body.toString('utf8'));
  return { success: true };
});

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`bare endpoint listening on ${address}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
