import type { ContentNeighbour } from '../content/content-similarity.js';
import { CONTENT_ALGORITHM, decodeContent } from '../training/content-model.js';
import type { Candidate, Strategy, StrategyTable } from './candidates.js';
import type { ModelCache } from './model-cache.js';

/** Similar items: the products whose text is closest to the given ones (content model), summed over them. */
function similarItems(models: ModelCache): Strategy {
  return async (ctx, n) => {
    if (ctx.itemIds.length === 0) return [];
    const model = await models.get(ctx.workspaceId, CONTENT_ALGORITHM, (row) => decodeContent(row.snapshot!));
    if (model === undefined) return [];
    const scored = new Map<string, { score: number; from: string; best: number }>();
    for (const from of ctx.itemIds) {
      for (const nb of model.value.get(from) ?? ([] as ContentNeighbour[])) {
        const s = scored.get(nb.id) ?? { score: 0, from, best: 0 };
        s.score += nb.score;
        if (nb.score > s.best) Object.assign(s, { from, best: nb.score });
        scored.set(nb.id, s);
      }
    }
    const ranked = [...scored].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1)).slice(0, n);
    const out: Candidate[] = [];
    for (const [productId, s] of ranked) out.push({ productId, score: s.score, reason: { kind: 'similar', productIds: [s.from], sentence: `Similar to ${await ctx.productName(s.from)}` } });
    return out;
  };
}

/** The strategies that answer from trained models. */
export function modelStrategies(models: ModelCache): StrategyTable {
  return { similar_items: similarItems(models) };
}
