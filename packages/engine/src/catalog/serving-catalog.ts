import type { Clock } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';

/** A product as recommendations show and filter it: parsed once, shared by every request. */
export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly category: string | null;
  readonly tags: readonly string[];
  readonly price: number | null;
  readonly currency: string | null;
  readonly imageUrl: string | null;
  readonly url: string | null;
  readonly inStock: boolean;
  /** The row's updated_at (ms), to see which products changed since they were read. */
  readonly updatedAt: number;
}

type ServingRow = Awaited<ReturnType<Repositories['catalog']['servingRows']>>[number];

/** How often the copy is compared with the database: a change made by another thread or server shows within this. */
export const CATALOG_CHECK_MS = 1_000;
/** Rows read at a time when the whole catalog is loaded. */
const PAGE = 5_000;

function entryOf(r: ServingRow): CatalogEntry {
  let tags: readonly string[] = [];
  try {
    const parsed = JSON.parse(r.tags) as unknown;
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    // A row not written by Rapport: no tags rather than no product.
  }
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    tags,
    price: r.price === null ? null : Number(r.price),
    currency: r.currency,
    imageUrl: r.image_url,
    url: r.url,
    inStock: Number(r.in_stock) === 1,
    updatedAt: Number(r.updated_at),
  };
}

interface Copy {
  readonly products: Map<string, CatalogEntry>;
  /** The database's change mark when the copy was last compared with it. */
  mark: string;
  checkedAt: number;
  /** Changes made in this process: a comparison started before one of them does not overwrite it. */
  generation: number;
  checking?: Promise<void> | undefined;
}

/**
 * The catalog of each workspace in memory, as recommendations serve it (no descriptions or attributes, tags
 * parsed), so that a request reads no product rows. Changes made through this process (CatalogService) apply at
 * once; changes made elsewhere — the processor's thread, the import, another server — show within
 * `CATALOG_CHECK_MS`: at most once a second a request starts, in the background, a comparison of a change mark
 * (count and update times, one scan without the text) and then reads only the products whose update time moved.
 * A request never waits for it, except the first of a workspace.
 */
export class ServingCatalog {
  readonly #copies = new Map<string, Copy>();
  readonly #loading = new Map<string, Promise<Copy>>();
  /** Workspaces changed by this process while their copy was being read: read again. */
  readonly #changedWhileLoading = new Set<string>();

  constructor(private readonly o: { database: Database; repos: Repositories; clock: Clock }) {}

  /** The workspace's products by id. The map is the shared copy: read it, never change it. */
  async products(workspaceId: string): Promise<ReadonlyMap<string, CatalogEntry>> {
    const copy = this.#copies.get(workspaceId);
    if (copy === undefined) return (await this.#load(workspaceId)).products;
    const now = this.o.clock.now();
    if (now - copy.checkedAt >= CATALOG_CHECK_MS && copy.checking === undefined) {
      copy.checkedAt = now;
      copy.checking = this.#compare(workspaceId, copy)
        .catch(() => {
          // The next request compares again; meanwhile the copy keeps answering.
          copy.checkedAt = 0;
        })
        .finally(() => (copy.checking = undefined));
    }
    return copy.products;
  }

  /** Products written by this process: applied at once. */
  upserted(workspaceId: string, rows: readonly ServingRow[]): void {
    const copy = this.#copy(workspaceId);
    if (copy === undefined) return;
    copy.generation++;
    for (const r of rows) copy.products.set(r.id, entryOf(r));
  }

  /** A product deleted by this process: never served again. */
  deleted(workspaceId: string, id: string): void {
    const copy = this.#copy(workspaceId);
    if (copy === undefined) return;
    copy.generation++;
    copy.products.delete(id);
  }

  /** The copy to change, if one is loaded; a change during its first read has it read again. */
  #copy(workspaceId: string): Copy | undefined {
    if (this.#loading.has(workspaceId)) this.#changedWhileLoading.add(workspaceId);
    return this.#copies.get(workspaceId);
  }

  #load(workspaceId: string): Promise<Copy> {
    let loading = this.#loading.get(workspaceId);
    if (loading === undefined) {
      loading = this.#readAll(workspaceId).finally(() => this.#loading.delete(workspaceId));
      this.#loading.set(workspaceId, loading);
    }
    return loading;
  }

  async #readAll(workspaceId: string): Promise<Copy> {
    for (;;) {
      this.#changedWhileLoading.delete(workspaceId);
      const copy = await this.#readOnce(workspaceId);
      if (!this.#changedWhileLoading.has(workspaceId)) {
        this.#copies.set(workspaceId, copy);
        return copy;
      }
    }
  }

  async #readOnce(workspaceId: string): Promise<Copy> {
    const { database, repos, clock } = this.o;
    const db = database.kysely;
    const checkedAt = clock.now();
    // The mark first: a change committed while the pages are read moves it again, and the next comparison sees it.
    const mark = await repos.catalog.changeMark(db, workspaceId);
    const products = new Map<string, CatalogEntry>();
    let afterId: string | undefined;
    for (;;) {
      const page = await repos.catalog.servingRows(db, workspaceId, { limit: PAGE, ...(afterId === undefined ? {} : { afterId }) });
      for (const r of page) products.set(r.id, entryOf(r));
      if (page.length < PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    return { products, mark, checkedAt, generation: 0 };
  }

  /** Compares the copy with the database and reads what changed; a change made here meanwhile wins. */
  async #compare(workspaceId: string, copy: Copy): Promise<void> {
    const { database, repos } = this.o;
    const db = database.kysely;
    const generation = copy.generation;
    const mark = await repos.catalog.changeMark(db, workspaceId);
    if (mark === copy.mark) return;
    const times = await repos.catalog.updateTimes(db, workspaceId);
    const present = new Set<string>();
    const changed: string[] = [];
    for (const t of times) {
      present.add(t.id);
      if (copy.products.get(t.id)?.updatedAt !== t.updated_at) changed.push(t.id);
    }
    const rows = changed.length === 0 ? [] : await repos.catalog.servingRows(db, workspaceId, { ids: changed });
    if (copy.generation !== generation) {
      // This process changed the catalog while the database was read: compare again at the next request.
      copy.checkedAt = 0;
      return;
    }
    for (const id of copy.products.keys()) if (!present.has(id)) copy.products.delete(id);
    for (const r of rows) copy.products.set(r.id, entryOf(r));
    copy.mark = mark;
  }
}
