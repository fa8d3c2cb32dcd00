import type { AuditLog } from '@rapport/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The resource before a change, read by the audit hook before the handler runs. */
    auditBefore?: unknown;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change is a request under /api/ that is not a read — by method, and by scope: a POST that needs only `read`
 * (a segment preview, recommendations asked by a server) changes nothing — and whose author is known: a key, a
 * signed-in person, or the person a login, setup or invitation just signed in. Refused attempts by a known author
 * are changes that did not happen, and are kept too.
 */
function isChange(request: FastifyRequest): boolean {
  const { url, config } = request.routeOptions;
  return (
    !READS.has(request.method) &&
    url?.startsWith('/api/') === true &&
    config.scope !== 'read' &&
    request.auth !== null
  );
}

/** Reads the resource a change is about through its GET route, as its author (so only what they may read). */
async function readBefore(app: FastifyInstance, request: FastifyRequest): Promise<unknown> {
  const route = request.routeOptions.url;
  if (route === undefined || request.routeOptions.config.aboutPerson === true) return undefined;
  // A PATCH changes the resource at its URL; a PUT or DELETE does when the URL names one (ends with its id): a PUT of
  // a collection (a bulk upload) replaces many.
  const oneResource =
    request.method === 'PATCH' ||
    ((request.method === 'PUT' || request.method === 'DELETE') && /\/:[^/]+$/.test(route));
  if (!oneResource || !app.hasRoute({ method: 'GET', url: route })) return undefined;
  const { authorization, cookie } = request.headers;
  const res = await app.inject({
    method: 'GET',
    url: request.url.split('?')[0] ?? request.url,
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(cookie === undefined ? {} : { cookie }),
    },
  });
  const json = res.statusCode === 200 && String(res.headers['content-type']).includes('json');
  return json ? (res.json() as unknown) : undefined;
}

function jsonOf(reply: FastifyReply, payload: unknown): Record<string, unknown> | undefined {
  if (
    typeof payload !== 'string' ||
    reply.statusCode >= 300 ||
    !String(reply.getHeader('content-type') ?? '').includes('json')
  )
    return undefined;
  try {
    const value = JSON.parse(payload) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The audit log of the API: every change (see `isChange`) is recorded with its author, route, target id, status,
 * the request body, the resource before it (when a GET route reads it) and the answer after it. Written before the
 * answer leaves, so that a client that got its answer finds the entry; a failure to write it is logged and does
 * not undo the change, which is already made.
 */
export function installAuditLog(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('preHandler', async (request) => {
    if (isChange(request) && request.method !== 'POST')
      request.auditBefore = await readBefore(app, request).catch((error: unknown) => {
        // The change goes ahead without its "before": the audit log must never stand in the way of the change.
        request.log.warn({ err: error }, 'the audit log could not read the resource before the change');
        return undefined;
      });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isChange(request) || request.auth === null) return payload;
    const auth = request.auth;
    const after = jsonOf(reply, payload);
    const params = (request.params ?? {}) as Record<string, unknown>;
    const target = params['id'] ?? after?.['id'];
    try {
      await audit.record({
        workspaceId: auth.workspaceId,
        actor:
          auth.kind === 'user'
            ? { kind: 'user', id: auth.id, label: auth.email }
            : { kind: 'key', id: auth.id },
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        targetId: typeof target === 'string' ? target : null,
        aboutPerson: request.routeOptions.config.aboutPerson === true,
        status: reply.statusCode,
        requestId: request.id,
        ip: request.ip,
        request: request.body,
        before: request.auditBefore,
        after,
      });
    } catch (error) {
      request.log.error({ err: error }, 'the audit log could not be written');
    }
    return payload;
  });
}
