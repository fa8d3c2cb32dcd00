import type { ContractRow } from './contract-csv.js';

/** Interactions split in time: everything up to `cutoff` to learn from, what came after to test on. */
export interface TimeSplit {
  readonly train: ContractRow[];
  readonly test: ContractRow[];
  /** Unix seconds: train has rows at or before it, test rows after it. */
  readonly cutoff: number;
  /** Test rows left out because the user had the item in train already (see `timeSplit`). */
  readonly repeatsLeftOut: number;
}

const DAY = 86_400;

/**
 * The honest test for a shop: learn from the past, predict the last `testDays` days (cutoff = latest event −
 * testDays). A test row whose user already has the item in train is left out: the contract removes train items
 * from every list, so a repeat purchase can never be recommended and would only lower every algorithm's recall
 * alike. Test rows of users or items that train lacks are kept (a new customer gets the fallback list; a new
 * product is a miss for every algorithm): that is what the shop would have seen.
 */
export function timeSplit(rows: readonly ContractRow[], testDays: number): TimeSplit {
  let latest = -Infinity;
  for (const r of rows) if (r.timestamp > latest) latest = r.timestamp;
  const cutoff = latest - testDays * DAY;
  const train: ContractRow[] = [];
  const later: ContractRow[] = [];
  for (const r of rows) (r.timestamp <= cutoff ? train : later).push(r);
  const had = new Set(train.map((r) => `${r.userId}\u0000${r.itemId}`));
  const test = later.filter((r) => !had.has(`${r.userId}\u0000${r.itemId}`));
  return { train, test, cutoff, repeatsLeftOut: later.length - test.length };
}
