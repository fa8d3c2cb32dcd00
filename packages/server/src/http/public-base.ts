import type { FastifyRequest } from 'fastify';

/** The address clients reach this server at: the configured public URL, else the request's own host. */
export function publicBase(request: FastifyRequest, publicUrl: string | undefined): URL {
  if (publicUrl !== undefined) return new URL(publicUrl);
  const proto =
    (request.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() ?? request.protocol;
  return new URL(`${proto}://${request.headers.host ?? request.hostname}`);
}
