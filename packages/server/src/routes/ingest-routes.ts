import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { BatchSchema, ErrorResponseSchema, IngestAcceptedSchema, messageSchemas, type MessageType } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface IngestRouteOptions {
  readonly engine: Engine;
  readonly maxBatchBytes: number;
  /** Requests per second per write key; 0 for no limit. */
  readonly rateLimitPerSecond: number;
}

const typed: readonly [string, MessageType][] = [
  ['track', 'track'],
  ['identify', 'identify'],
  ['page', 'page'],
  ['screen', 'screen'],
  ['group', 'group'],
  ['alias', 'alias'],
  ['t', 'track'],
  ['i', 'identify'],
  ['p', 'page'],
  ['s', 'screen'],
  ['g', 'group'],
  ['a', 'alias'],
];

/** The write key a request is limited under: the HTTP Basic user, else `writeKey` in the raw body, else the address. */
function rateKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Basic ')) return Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':', 1)[0] ?? request.ip;
  if (Buffer.isBuffer(request.body)) {
    const match = /"writeKey"\s*:\s*"([^"]{8,200})"/.exec(request.body.subarray(0, 4096).toString('latin1'));
    if (match?.[1] !== undefined) return match[1];
  }
  return request.ip;
}

/**
 * The Segment HTTP Tracking API: `/v1/{track,identify,page,screen,group,alias,batch,import}` and the short forms of
 * analytics.js. Bodies are read raw (JSON, text/plain from sendBeacon, gzip, deflate, br) and handed to ingestion,
 * which measures them after decompression. Browsers post from the shop's own origin, so CORS is open here — and only
 * here.
 */
export async function ingestRoutes(app: FastifyInstance, options: IngestRouteOptions): Promise<void> {
  const { engine } = options;
  app.removeAllContentTypeParsers();
  // Twice the batch limit: a body a little over the limit still arrives, to be kept (truncated) with its reason.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: Math.max(options.maxBatchBytes * 2, 1024 * 1024) }, (_request, body, done) => done(null, body));
  await app.register(cors, { origin: '*', methods: ['POST', 'GET', 'OPTIONS'], allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization'], maxAge: 86_400 });
  if (options.rateLimitPerSecond > 0) {
    await app.register(rateLimit, {
      max: options.rateLimitPerSecond,
      timeWindow: 1000,
      hook: 'preHandler',
      keyGenerator: rateKey,
      errorResponseBuilder: (_request, context) =>
        new AppError({ code: 'ERR_RATE_LIMITED', message: `more than ${context.max} requests per second for this write key; retry after ${Math.ceil(context.ttl / 1000)} s` }),
    });
  }

  const handle = (endpoint: string) => async (request: FastifyRequest) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const answer = await engine.ingest.handle({
      endpoint,
      body,
      authorization: header('authorization'),
      contentType: header('content-type'),
      contentEncoding: header('content-encoding'),
    });
    // Errors carry the request id, as every error answer does, so that a sender can point at the server's log line.
    return { status: answer.status, body: answer.body.success ? answer.body : { ...answer.body, requestId: request.id } };
  };
  // Schemas document the API; ingestion checks bodies itself, item by item, so Fastify must not reject them whole.
  const noValidation = () => () => true;
  const responses = { 200: IngestAcceptedSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 429: ErrorResponseSchema };
  const security = [{ writeKeyBasic: [] }];

  for (const [endpoint, type] of typed) {
    app.post(
      `/v1/${endpoint}`,
      {
        schema: {
          tags: ['Ingestion'],
          summary: endpoint.length === 1 ? `${type} (short form used by analytics.js)` : `Record a ${type} message`,
          hide: endpoint.length === 1,
          body: messageSchemas[type],
          response: responses,
          security,
        },
        validatorCompiler: noValidation,
      },
      async (request, reply) => {
        const answer = await handle(endpoint)(request);
        // The status comes from the error table, one of those documented above.
        return reply.code(answer.status as 200).send(answer.body as { success: true });
      },
    );
  }
  for (const endpoint of ['batch', 'b', 'import']) {
    app.post(
      `/v1/${endpoint}`,
      {
        schema: {
          tags: ['Ingestion'],
          summary: endpoint === 'batch' ? 'Record up to 500 KiB of messages at once' : endpoint === 'import' ? 'Alias of /v1/batch (Segment’s historical import endpoint)' : 'batch (short form)',
          hide: endpoint === 'b',
          body: BatchSchema,
          response: responses,
          security,
        },
        validatorCompiler: noValidation,
      },
      async (request, reply) => {
        const answer = await handle(endpoint)(request);
        // The status comes from the error table, one of those documented above.
        return reply.code(answer.status as 200).send(answer.body as { success: true });
      },
    );
  }
}
