import type { SignedIn } from '@rapport/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSecurity } from '../config.js';

/** The session token: HttpOnly, so that no script (an injected one included) can read it. */
export const SESSION_COOKIE = 'rapport_session';
/** The session's CSRF token, readable by the dashboard's scripts, which send it back as X-CSRF-Token. */
export const CSRF_COOKIE = 'rapport_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Sets and clears the two cookies of a session. Both are `SameSite=Strict` and `Path=/`; `Secure` follows
 * RAPPORT_COOKIE_SECURE. Their lifetime is the session's absolute one: the idle limit is the server's to enforce.
 */
export class SessionCookies {
  constructor(
    private readonly security: CookieSecurity,
    /** RAPPORT_PUBLIC_URL: behind a proxy that ends TLS, the request itself arrives over http. */
    private readonly publicUrl: string | undefined,
  ) {}

  set(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, now: number): void {
    const base = {
      path: '/',
      sameSite: 'strict',
      secure: this.#secure(request),
      maxAge: Math.max(0, Math.floor((signedIn.session.expiresAt - now) / 1000)),
    } as const;
    void reply.setCookie(SESSION_COOKIE, signedIn.token, { ...base, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, signedIn.session.csrfToken, { ...base, httpOnly: false });
  }

  clear(request: FastifyRequest, reply: FastifyReply): void {
    const base = { path: '/', sameSite: 'strict', secure: this.#secure(request) } as const;
    void reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, base);
  }

  #secure(request: FastifyRequest): boolean {
    if (this.security !== 'auto') return this.security === 'always';
    return request.protocol === 'https' || this.publicUrl?.startsWith('https:') === true;
  }
}
