import { parseJson, type Database, type OrderEventCursor, type Repositories } from '@rapport/storage';
import type { Purpose } from '@rapport/contracts';
import { isGranted, type ConsentRecord } from '../../consent/index.js';
import { orderProductIds } from '../../profiles/index.js';
import type { ContractRow } from '../evaluation/contract-csv.js';

/** Orders read per query. */
const PAGE = 2000;

/** What a workspace's orders gave as interactions, and who was left out. */
export interface WorkspaceInteractions {
  /** One row per (order, product): user = profile id, item = product id, Unix seconds; weight 1 (empty rating). */
  readonly rows: ContractRow[];
  readonly orders: number;
  /** People with orders but no consent to personalization: their orders are not used. */
  readonly peopleLeftOut: number;
}

/**
 * The interactions recommendation models learn from: the products of each `Order Completed` of identified people who
 * consent to personalization (docs/recommendations.md). A person without that consent is left out entirely, whatever
 * they did before withdrawing it; anonymous visitors are not customers a model should learn about.
 */
export async function readWorkspaceInteractions(o: {
  database: Database;
  repos: Repositories;
  workspaceId: string;
  purposes: readonly Purpose[];
  onPage?: (orders: number) => void;
}): Promise<WorkspaceInteractions> {
  const rows: ContractRow[] = [];
  const leftOut = new Set<string>();
  let orders = 0;
  let after: OrderEventCursor | undefined;
  for (;;) {
    const page = await o.repos.recEvaluations.orderEvents(o.database.kysely, o.workspaceId, { after, limit: PAGE });
    if (page.length === 0) break;
    for (const e of page) {
      if (!isGranted(parseJson<Record<string, ConsentRecord>>(e.consent), 'personalization', o.purposes)) {
        leftOut.add(e.profile_id);
        continue;
      }
      orders++;
      const properties = parseJson<{ properties?: unknown }>(e.payload).properties;
      const timestamp = Math.floor(e.timestamp / 1000);
      for (const itemId of orderProductIds(properties)) rows.push({ userId: e.profile_id, itemId, rating: null, timestamp });
    }
    const last = page.at(-1)!;
    after = { timestamp: last.timestamp, seq: last.seq };
    o.onPage?.(orders);
  }
  return { rows, orders, peopleLeftOut: leftOut.size };
}
