import { ProductInputSchema, type ProductInput, type ProductView } from '@rapport/contracts';
import type { Clock, ProblemDetail } from '@rapport/core';
import { parseJson, type Database, type ProductRow, type Repositories } from '@rapport/storage';
import { compileSchema, findJsonProblems } from '../ingest/index.js';
import { decodeCursor, pageOf } from '../pagination/index.js';
import { ServingCatalog } from './serving-catalog.js';

const productCheck = compileSchema(ProductInputSchema);

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: parseJson<string[]>(row.tags),
    price: row.price,
    currency: row.currency,
    imageUrl: row.image_url,
    url: row.url,
    inStock: row.in_stock === 1,
    attributes: parseJson<Record<string, unknown>>(row.attributes),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Normalizes a category path: levels separated by " > ", without empty levels or stray spaces. */
export function normalizeCategory(category: string): string {
  return category
    .split('>')
    .map((level) => level.trim())
    .filter((level) => level !== '')
    .join(' > ');
}

export interface UpsertOutcome {
  readonly upserted: number;
  readonly problems: ProblemDetail[];
}

/** The product catalog: bulk upsert from the admin API and the import, listing, lookups. */
export class CatalogService {
  /** The catalog in memory for recommendations; what this service writes applies to it at once. */
  readonly serving: ServingCatalog;

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {
    this.serving = new ServingCatalog({ database, repos, clock });
  }

  /** Saves the valid products of a list; each invalid one is reported with its index and path, the rest are saved. */
  async upsert(workspaceId: string, products: readonly unknown[]): Promise<UpsertOutcome> {
    const now = this.clock.now();
    const rows: ProductRow[] = [];
    const problems: ProblemDetail[] = [];
    products.forEach((p, index) => {
      const unsafe = findJsonProblems(p, { maxDepth: 16 });
      const found: ProblemDetail[] = unsafe.length > 0 ? unsafe : productCheck.check(p) ? [] : productCheck.problems(p);
      if (found.length > 0) {
        problems.push(...found.map((f) => ({ ...f, index, path: `/products/${index}${f.path}` })));
        return;
      }
      rows.push(productRow(workspaceId, p as ProductInput, now));
    });
    // The same id twice in one call: the last one wins, as it would in two calls.
    const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
    await this.repos.catalog.upsertMany(this.database.kysely, unique);
    this.serving.upserted(workspaceId, unique);
    return { upserted: unique.length, problems };
  }

  async get(workspaceId: string, id: string): Promise<ProductView | undefined> {
    const row = await this.repos.catalog.find(this.database.kysely, workspaceId, id);
    return row === undefined ? undefined : productView(row);
  }

  async list(
    workspaceId: string,
    query: { q?: string | undefined; category?: string | undefined; inStock?: boolean | undefined; limit?: number | undefined; cursor?: string | undefined },
  ): Promise<{ items: ProductView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const afterId = query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    const rows = await this.repos.catalog.list(this.database.kysely, {
      workspaceId,
      q: query.q,
      category: query.category === undefined ? undefined : normalizeCategory(query.category),
      inStock: query.inStock,
      limit: limit + 1,
      afterId,
    });
    return pageOf(rows, limit, productView, (r) => [r.id]);
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const deleted = await this.repos.catalog.delete(this.database.kysely, workspaceId, id);
    this.serving.deleted(workspaceId, id);
    return deleted;
  }
}

function productRow(workspaceId: string, p: ProductInput, now: number): ProductRow {
  return {
    workspace_id: workspaceId,
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    category: p.category === undefined ? null : normalizeCategory(p.category) || null,
    tags: JSON.stringify(p.tags ?? []),
    price: p.price ?? null,
    currency: p.currency ?? null,
    image_url: p.imageUrl ?? null,
    url: p.url ?? null,
    in_stock: p.inStock === false ? 0 : 1,
    attributes: JSON.stringify(p.attributes ?? {}),
    created_at: now,
    updated_at: now,
  };
}
