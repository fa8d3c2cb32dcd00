import type { Clock } from '@rapport/core';
import { parseJson, type Database, type Repositories } from '@rapport/storage';
import type { ContractRow } from '../evaluation/contract-csv.js';
import { insertModelVersion } from './model-service.js';

/** The algorithm name the lists are stored under. */
export const COUNTRY_POPULAR = 'country-popular';
/** A country's list is kept only with at least this many customers, and a product only when this many bought it. */
const MIN_CUSTOMERS = 5;
const MIN_BUYERS = 2;
/** Products kept per country. */
const TOP = 100;

/** Each country's most bought products (by distinct customers), best first, as [product id, customers]. */
export type CountryLists = ReadonlyMap<string, readonly (readonly [string, number])[]>;

/** A person's country: where their location was last seen, else their traits (`country`, `address.country`). */
export function countryOf(person: { traits: Record<string, unknown>; features: { location: { country: string | null } | null } }): string | null {
  const address = person.traits['address'];
  const fromTraits = person.traits['country'] ?? (address !== null && typeof address === 'object' ? (address as Record<string, unknown>)['country'] : undefined);
  const country = person.features.location?.country ?? (typeof fromTraits === 'string' ? fromTraits : null);
  return country === null || country.trim() === '' ? null : country.trim();
}

/**
 * The popular products of each country, from the same interactions as the learned models (orders of customers who
 * consent to personalization), for newcomers of that country. Counted over people, never showing one: a country
 * needs 5 customers and a product 2 buyers there.
 */
export async function refreshCountryPopular(o: { database: Database; repos: Repositories; clock: Clock; workspaceId: string; rows: readonly ContractRow[] }): Promise<number> {
  const { database, repos, clock, workspaceId } = o;
  const people = [...new Set(o.rows.map((r) => r.userId))];
  const country = new Map<string, string>();
  for (let i = 0; i < people.length; i += 500) {
    for (const p of await repos.profiles.findProfiles(database.kysely, workspaceId, people.slice(i, i + 500))) {
      const c = countryOf({ traits: parseJson(p.traits), features: parseJson(p.features) });
      if (c !== null) country.set(p.id, c);
    }
  }
  const buyers = new Map<string, Map<string, Set<string>>>();
  const customers = new Map<string, Set<string>>();
  for (const r of o.rows) {
    const c = country.get(r.userId);
    if (c === undefined) continue;
    let items = buyers.get(c);
    if (items === undefined) buyers.set(c, (items = new Map()));
    let who = items.get(r.itemId);
    if (who === undefined) items.set(r.itemId, (who = new Set()));
    who.add(r.userId);
    let all = customers.get(c);
    if (all === undefined) customers.set(c, (all = new Set()));
    all.add(r.userId);
  }
  const lists: Record<string, [string, number][]> = {};
  for (const [c, items] of buyers) {
    if ((customers.get(c)?.size ?? 0) < MIN_CUSTOMERS) continue;
    const ranked = [...items].map(([id, who]): [string, number] => [id, who.size]).filter(([, n]) => n >= MIN_BUYERS);
    ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (ranked.length > 0) lists[c] = ranked.slice(0, TOP);
  }
  const stored = await insertModelVersion({ database, repos, clock }, workspaceId, {
    algorithm: COUNTRY_POPULAR,
    status: 'ready',
    params: { minCustomers: MIN_CUSTOMERS, minBuyers: MIN_BUYERS },
    users: country.size,
    items: Object.keys(lists).length,
    interactions: o.rows.length,
    snapshot: Buffer.from(JSON.stringify(lists), 'utf8'),
    keepSnapshots: 2,
  });
  return stored.version;
}

export function decodeCountryLists(bytes: Uint8Array): CountryLists {
  return new Map(Object.entries(JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, [string, number][]>));
}
