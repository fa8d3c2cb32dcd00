import { describe, expect, it } from 'vitest';
import { defaultScryptCost, hashPassword, verifyPassword } from './password-hash.js';

describe('password hashes', () => {
  it('are salted scrypt hashes that carry their parameters, and match only their password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(new RegExp(`^scrypt\\$${defaultScryptCost.N}\\$8\\$3\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(a).not.toBe(b); // a salt of its own
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', b)).toBe(false);
  });

  it('verify hashes of another cost, and the same password typed in another Unicode form', async () => {
    const cheap = await hashPassword('caf\u00e9-au-lait-42', { N: 2 ** 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('cafe\u0301-au-lait-42', cheap)).toBe(true);
  });

  it('refuse what is not one of their hashes', async () => {
    expect(await verifyPassword('anything at all', 'bcrypt$2b$10$abc')).toBe(false);
    expect(await verifyPassword('anything at all', '')).toBe(false);
    const hash = await hashPassword('anything at all', { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword('anything at all', `${hash.slice(0, -4)}AAAA`)).toBe(false);
  });
});
