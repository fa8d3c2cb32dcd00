import { ecommerceEvents } from '@rapport/contracts';
import type { Clock } from '@rapport/core';
import { parseJson, type Database, type ItemPairRow, type ItemStatsRow, type ItemTotalRow, type Repositories } from '@rapport/storage';
import { isGranted, type ConsentRecord } from '../../consent/index.js';
import { SESSION_GAP_MS } from '../../profiles/index.js';
import type { WorkspaceService } from '../../workspaces/index.js';

const DAY_MS = 86_400_000;
/**
 * Events read per transaction. Its upserts (stats, pairs, totals) hold the write lock that the event log's appends
 * wait for on SQLite, and the processor's thread runs at the lowest CPU priority: a batch of 2,000 events held the lock
 * for seconds under load, and every acknowledgement with it.
 */
const BATCH = 500;
/** Products of one order counted in pairs: a wholesale order of 300 lines says little about what goes together. */
const MAX_ORDER_PRODUCTS = 20;
/**
 * Views before a batch read back for the sessions it continues, per person: the latest ones. A view pairs with what
 * was viewed shortly before it; a person who viewed hundreds of products in half an hour (a crawler, a long
 * browse) would otherwise make every batch read and pair all of them again.
 */
const MAX_SESSION_VIEWS = 20;
const CURSOR = 'recs-signals';
/**
 * Where in the event log the signals last changed (the cursor of the last batch that added to them): lists that are
 * the same for everyone are kept until it moves. The job's own cursor moves with every event processed, most of which
 * (page views, exposures) change no signal.
 */
export const SIGNALS_CHANGED = 'recs-signals-changed';
const NAMES = [ecommerceEvents.productViewed, ecommerceEvents.productAdded, ecommerceEvents.orderCompleted];

type Props = Record<string, unknown>;
const obj = (v: unknown): Props => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Props) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const productIdOf = (p: Props): string | null => str(p['product_id']) ?? str(p['sku']) ?? str(p['id']);

/** What one batch adds to the product signals of one workspace. */
class SignalBatch {
  readonly stats = new Map<string, ItemStatsRow>();
  readonly pairs = new Map<string, ItemPairRow>();
  readonly totals = new Map<string, ItemTotalRow>();
  constructor(private readonly workspaceId: string) {}

  /** Whether the batch adds anything to the signals. */
  changes(): boolean {
    return this.stats.size + this.pairs.size + this.totals.size > 0;
  }

  stat(productId: string, t: number, add: { views?: number; adds?: number; purchases?: number; revenue?: number }): void {
    const day = Math.floor(t / DAY_MS);
    const k = `${productId}\u0000${day}`;
    const row = this.stats.get(k) ?? { workspace_id: this.workspaceId, product_id: productId, day, views: 0, adds: 0, purchases: 0, revenue: 0 };
    row.views += add.views ?? 0;
    row.adds += add.adds ?? 0;
    row.purchases += add.purchases ?? 0;
    row.revenue += add.revenue ?? 0;
    this.stats.set(k, row);
  }

  pair(kind: 'bought' | 'viewed', a: string, b: string): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const k = `${kind}\u0000${x}\u0000${y}`;
      const row = this.pairs.get(k);
      if (row === undefined) this.pairs.set(k, { workspace_id: this.workspaceId, kind, a: x, b: y, count: 1 });
      else row.count++;
    }
  }

  total(kind: 'bought' | 'viewed', productId: string): void {
    const k = `${kind}\u0000${productId}`;
    const row = this.totals.get(k);
    if (row === undefined) this.totals.set(k, { workspace_id: this.workspaceId, kind, product_id: productId, count: 1 });
    else row.count++;
  }
}

/**
 * Keeps the product signals that non-personalized and item-to-item recommendations are served from, incrementally
 * from processed events (a cursor over their seq): views, adds and purchases per product and day (people who
 * consent to analytics), and products bought in the same order or viewed in the same session, both ways (people who
 * consent to personalization). Runs in the processor, between slices.
 */
export class ItemSignalsJob {
  constructor(
    private readonly o: { database: Database; repos: Repositories; workspaces: WorkspaceService; clock: Clock },
  ) {}

  /**
   * Takes in the events processed since the last run, at most `maxBatches` batches of them: the processor runs this
   * between slices, and under a flow of events it must get back to them (the rest waits for the next run).
   * `maxBatches` may be a function, asked before each batch; `batchSize` is events per batch (at most BATCH).
   */
  async run(options: { maxBatches?: number | (() => number); batchSize?: number } = {}): Promise<void> {
    const { database, repos } = this.o;
    const db = database.kysely;
    const upTo = await repos.events.lastSeq(db);
    // Asked again before each batch, after the thread has read its messages (SQLite calls never yield to them): the
    // processor lowers it as soon as it hears that events are arriving.
    const maxBatches = typeof options.maxBatches === 'function' ? options.maxBatches : () => (options.maxBatches as number | undefined) ?? Number.POSITIVE_INFINITY;
    const limit = Math.min(BATCH, options.batchSize ?? BATCH);
    let taken = 0;
    for (let cursor = await repos.processor.cursor(db, CURSOR); cursor < upTo; taken++) {
      if (taken > 0) await new Promise((r) => setImmediate(r));
      if (taken >= maxBatches()) break;
      const rows = await repos.events.namedAfter(db, { afterSeq: cursor, upToSeq: upTo, names: NAMES, limit });
      const next = rows.length === limit ? rows[rows.length - 1]!.seq : upTo;
      const batches: SignalBatch[] = [];
      for (const [workspaceId, events] of groupBy(rows, (r) => r.workspace_id)) batches.push(await this.#batch(workspaceId, events));
      await database.processingTransaction(async (trx) => {
        for (const b of batches) {
          await repos.recommendations.addStats(trx, [...b.stats.values()]);
          await repos.recommendations.addPairs(trx, [...b.pairs.values()]);
          await repos.recommendations.addTotals(trx, [...b.totals.values()]);
        }
        await repos.processor.setCursor(trx, CURSOR, next, this.o.clock.now());
        if (batches.some((b) => b.changes())) await repos.processor.setCursor(trx, SIGNALS_CHANGED, next, this.o.clock.now());
      });
      cursor = next;
    }
  }

  async #batch(workspaceId: string, events: readonly { seq: number; profile_id: string; event: string | null; timestamp: number; payload: string }[]): Promise<SignalBatch> {
    const { workspaces } = this.o;
    const { purposes } = (await workspaces.get(workspaceId)).settings;
    const consent = await this.#consents(workspaceId, events.map((e) => e.profile_id));
    const granted = (profileId: string, purpose: string) => isGranted(consent.get(profileId) ?? {}, purpose, purposes);
    const batch = new SignalBatch(workspaceId);
    const views = new Map<string, { t: number; productId: string }[]>();
    for (const e of events) {
      const props = obj((parseJson<{ properties?: unknown }>(e.payload)).properties);
      const analytics = granted(e.profile_id, 'analytics');
      const personalization = granted(e.profile_id, 'personalization');
      if (e.event === ecommerceEvents.orderCompleted) {
        const products = Array.isArray(props['products']) ? props['products'].map(obj) : [];
        const ids = [...new Set(products.map(productIdOf).filter((id): id is string => id !== null))];
        if (analytics) {
          for (const p of products) {
            const id = productIdOf(p);
            const quantity = typeof p['quantity'] === 'number' ? p['quantity'] : 1;
            if (id !== null) batch.stat(id, e.timestamp, { purchases: 1, revenue: (typeof p['price'] === 'number' ? p['price'] : 0) * quantity });
          }
        }
        if (personalization && ids.length > 0) {
          const counted = ids.sort().slice(0, MAX_ORDER_PRODUCTS);
          batch.total('bought', '');
          for (let i = 0; i < counted.length; i++) {
            batch.total('bought', counted[i]!);
            for (let j = i + 1; j < counted.length; j++) batch.pair('bought', counted[i]!, counted[j]!);
          }
        }
        continue;
      }
      const id = productIdOf(props);
      if (id === null) continue;
      if (e.event === ecommerceEvents.productAdded) {
        if (analytics) batch.stat(id, e.timestamp, { adds: 1 });
        continue;
      }
      if (analytics) batch.stat(id, e.timestamp, { views: 1 });
      if (personalization) listIn(views, e.profile_id).push({ t: e.timestamp, productId: id });
    }
    if (views.size > 0) await this.#sessions(workspaceId, views, batch, events[0]!.seq);
    return batch;
  }

  /**
   * Products viewed in the same session (views less than 30 minutes apart): each product viewed for the first time in
   * a session pairs with those viewed before it in that session. The latest views before this batch (its first seq)
   * are read back, so that a session cut by the batch boundary counts as one.
   */
  async #sessions(workspaceId: string, views: Map<string, { t: number; productId: string }[]>, batch: SignalBatch, batchSeq: number): Promise<void> {
    const { database, repos } = this.o;
    const first = Math.min(...[...views.values()].map((v) => v[0]!.t));
    const earlier = await repos.events.viewsOf(database.kysely, workspaceId, [...views.keys()], {
      from: first - SESSION_GAP_MS,
      beforeSeq: batchSeq,
      event: ecommerceEvents.productViewed,
      perProfile: MAX_SESSION_VIEWS,
    });
    const seen = new Map<string, { t: number; productId: string }[]>();
    for (const e of earlier) {
      const id = productIdOf(obj(parseJson<{ properties?: unknown }>(e.payload).properties));
      if (id !== null) listIn(seen, e.profile_id).push({ t: e.timestamp, productId: id });
    }
    for (const [profileId, list] of views) {
      const before = seen.get(profileId) ?? [];
      for (const v of [...list].sort((a, b) => a.t - b.t)) {
        // The session so far: views of this person in the 30 minutes before this one (this batch's included).
        const session = before.filter((x) => x.t < v.t && x.t >= v.t - SESSION_GAP_MS && x !== v);
        const products = new Set(session.map((x) => x.productId));
        if (session.length === 0) batch.total('viewed', '');
        if (!products.has(v.productId)) {
          batch.total('viewed', v.productId);
          for (const other of products) batch.pair('viewed', v.productId, other);
        }
        if (!before.some((x) => x.t === v.t && x.productId === v.productId)) before.push(v);
      }
    }
  }

  async #consents(workspaceId: string, profileIds: readonly string[]): Promise<Map<string, Record<string, ConsentRecord>>> {
    const rows = await this.o.repos.profiles.findProfiles(this.o.database.kysely, workspaceId, profileIds);
    return new Map(rows.map((r) => [r.id, parseJson<Record<string, ConsentRecord>>(r.consent)]));
  }
}

/** The list kept under `key`, made empty the first time. */
function listIn<T>(lists: Map<string, T[]>, key: string): T[] {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = []));
  return list;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) listIn(groups, key(row)).push(row);
  return groups;
}
