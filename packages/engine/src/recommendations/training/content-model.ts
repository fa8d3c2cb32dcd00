import type { Clock } from '@rapport/core';
import { parseJson, type Database, type ProductRow, type Repositories } from '@rapport/storage';
import { insertModelVersion } from './model-service.js';
import { contentNeighbours, type ContentNeighbour } from '../content/content-similarity.js';

/** The algorithm name content models are stored under. */
export const CONTENT_ALGORITHM = 'content';

/** A content model as stored: each product's neighbours, as [id, score] pairs. */
interface StoredContent {
  readonly neighbours: Record<string, [string, number][]>;
}

/** What a content model was built from: the catalog as it was then. */
interface ContentParams {
  readonly catalogUpdatedAt: number;
  readonly products: number;
}

export function encodeContent(neighbours: ReadonlyMap<string, readonly ContentNeighbour[]>): Buffer {
  const stored: StoredContent = { neighbours: Object.fromEntries([...neighbours].map(([id, list]) => [id, list.map((n) => [n.id, n.score])])) };
  return Buffer.from(JSON.stringify(stored), 'utf8');
}

export function decodeContent(bytes: Uint8Array): Map<string, ContentNeighbour[]> {
  const stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredContent;
  return new Map(Object.entries(stored.neighbours).map(([id, list]) => [id, list.map(([nid, score]) => ({ id: nid, score }))]));
}

/**
 * Builds the content model of a workspace (similar items by text: name, category, tags, description) when the catalog
 * changed since the last one, and stores it as a new version. Returns the version built, or undefined when the last
 * model is current.
 */
export async function refreshContentModel(o: { database: Database; repos: Repositories; clock: Clock; workspaceId: string }): Promise<number | undefined> {
  const { database, repos, workspaceId } = o;
  const db = database.kysely;
  const catalog = await repos.catalog.version(db, workspaceId);
  const latest = await repos.recommendations.latestModel(db, workspaceId, CONTENT_ALGORITHM);
  const built = latest === undefined ? undefined : parseJson<ContentParams>(latest.params);
  if (catalog.products === 0 || (built !== undefined && built.catalogUpdatedAt === catalog.updatedAt && built.products === catalog.products)) return undefined;
  const started = performance.now();
  const products: ProductRow[] = [];
  for (let page = await repos.catalog.page(db, workspaceId, { limit: 5000 }); page.length > 0; page = await repos.catalog.page(db, workspaceId, { afterId: page.at(-1)!.id, limit: 5000 })) {
    products.push(...page);
  }
  const neighbours = contentNeighbours(products.map((p) => ({ id: p.id, name: p.name, category: p.category, tags: parseJson<string[]>(p.tags), description: p.description })));
  const stored = await insertModelVersion(o, workspaceId, {
    algorithm: CONTENT_ALGORITHM,
    status: 'ready',
    params: { catalogUpdatedAt: catalog.updatedAt, products: catalog.products } satisfies ContentParams,
    items: products.length,
    snapshot: encodeContent(neighbours),
    tookMs: Math.round(performance.now() - started),
    keepSnapshots: 2,
  });
  return stored.version;
}
