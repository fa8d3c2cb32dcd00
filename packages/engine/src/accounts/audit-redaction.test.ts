import { describe, expect, it } from 'vitest';
import { auditJson, REDACTED } from './audit-redaction.js';

describe('audit documents', () => {
  it('never keep passwords, tokens or keys, wherever they are', () => {
    const kept = auditJson({
      email: 'ada@shop.example',
      password: 'correct horse battery staple',
      nested: [{ currentPassword: 'x', newPassword: 'y', csrfToken: 'z' }],
      key: 'sk_0123456789abcdefghijklmnopqrstuv',
      apiKey: { name: 'catalog sync', prefix: 'sk_0123…' },
      url: 'https://shop.example/app/accept-invitation?token=inv_abcdefghijklmnopqrstuvwxyz012345',
      geofence: { key: 'paris-louvre' },
    });
    const doc = JSON.parse(kept!) as Record<string, unknown>;
    expect(doc).toEqual({
      email: 'ada@shop.example',
      password: REDACTED,
      nested: [{ currentPassword: REDACTED, newPassword: REDACTED, csrfToken: REDACTED }],
      key: REDACTED,
      apiKey: { name: 'catalog sync', prefix: 'sk_0123…' },
      url: `https://shop.example/app/accept-invitation?token=${REDACTED}`,
      geofence: { key: 'paris-louvre' },
    });
  });

  it('keep the size of a large document instead of the document, and nothing for nothing', () => {
    const products = Array.from({ length: 2000 }, (_, i) => ({ id: `sku-${i}`, name: `Product ${i}` }));
    expect(JSON.parse(auditJson({ products })!)).toEqual({
      truncated: true,
      characters: expect.any(Number) as number,
    });
    expect(auditJson(undefined)).toBeNull();
    expect(auditJson(null)).toBeNull();
  });
});
