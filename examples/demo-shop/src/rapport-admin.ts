/**
 * The few calls of Rapport's admin API the shop's own server makes (with a secret key, server side): reading and
 * enriching its catalog, the identity secret it signs user tokens with, and the demo's setup. The storefront in the
 * browser never sees the secret key: it uses the SDK and the public endpoints only.
 */
export class RapportAdmin {
  constructor(
    readonly url: string,
    private readonly secretKey: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.secretKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  /** A call that must succeed (or find the thing already there: 409). */
  async ensure(method: string, path: string, body?: unknown): Promise<void> {
    const res = await this.call<{ message?: string }>(method, path, body);
    if (res.status >= 400 && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${res.body?.message ?? ''}`);
  }

  /** Every product of the catalog. */
  async products(): Promise<{ id: string; name: string; category: string | null; price: number | null; currency: string | null }[]> {
    const all: { id: string; name: string; category: string | null; price: number | null; currency: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof all; nextCursor: string | null } } = await this.call('GET', `/api/v1/catalog/products?limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      if (page.status !== 200) throw new Error(`listing products: ${page.status}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return all;
  }

  async identitySecret(): Promise<string> {
    const res = await this.call<{ secret: string }>('GET', '/api/v1/identity-secret');
    if (res.status !== 200) throw new Error(`reading the identity secret: ${res.status}`);
    return res.body.secret;
  }
}
