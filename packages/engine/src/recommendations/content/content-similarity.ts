/**
 * Content-based similarity of products: the text of their name, category, tags and description as BM25-weighted
 * term vectors (Robertson & Zaragoza, 2009), compared by cosine. It needs no interactions, so it recommends for a
 * product nobody bought yet (cold start) and explains itself by the words two products share.
 */

/** A product as its text. */
export interface ProductText {
  readonly id: string;
  readonly name: string;
  readonly category: string | null;
  readonly tags: readonly string[];
  readonly description: string | null;
}

/** A neighbour of a product, with the similarity (cosine, 0 to 1). */
export interface ContentNeighbour {
  readonly id: string;
  readonly score: number;
}

export interface ContentOptions {
  /** Neighbours kept per product. */
  readonly neighbours?: number;
  /** BM25 term-frequency saturation and length normalization. */
  readonly k1?: number;
  readonly b?: number;
}

/** Words that say nothing about a product. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or our that the this to with your you set pack pcs piece pieces new'.split(' '),
);
/** How much each field weighs: a product is what its name says first. */
const FIELD_WEIGHT = { name: 3, category: 2, tags: 2, description: 1 } as const;
/** A word in more than this share of products (and more than 50 of them) tells them apart too little to compare on. */
const MAX_DOCUMENT_SHARE = 0.2;

/** Lower-case words of letters and digits, without stop words, plurals folded ("mugs" → "mug"). */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function termCounts(p: ProductText): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string | null, weight: number) => {
    if (text === null) return;
    for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + weight);
  };
  add(p.name, FIELD_WEIGHT.name);
  add(p.category?.split(' > ').join(' ') ?? null, FIELD_WEIGHT.category);
  add(p.tags.join(' '), FIELD_WEIGHT.tags);
  add(p.description, FIELD_WEIGHT.description);
  return counts;
}

/** The k most similar products of every product, by cosine of their BM25 vectors. */
export function contentNeighbours(products: readonly ProductText[], options: ContentOptions = {}): Map<string, ContentNeighbour[]> {
  const k = options.neighbours ?? 20;
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const counts = products.map(termCounts);
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = products.length;
  const lengths = counts.map((c) => [...c.values()].reduce((s, v) => s + v, 0));
  const avg = lengths.reduce((s, l) => s + l, 0) / Math.max(1, n);
  const tooCommon = Math.max(50, MAX_DOCUMENT_SHARE * n);

  // Unit vectors, and the inverted index of the terms that are selective enough.
  const vectors = counts.map((c, d) => {
    const v = new Map<string, number>();
    for (const [t, tf] of c) {
      const f = df.get(t)!;
      const idf = Math.log(1 + (n - f + 0.5) / (f + 0.5));
      v.set(t, (idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * lengths[d]!) / Math.max(1e-9, avg))));
    }
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
    for (const [t, x] of v) v.set(t, norm === 0 ? 0 : x / norm);
    return v;
  });
  const postings = new Map<string, { doc: number; w: number }[]>();
  vectors.forEach((v, d) => {
    for (const [t, w] of v) {
      if (df.get(t)! > tooCommon || w === 0) continue;
      const list = postings.get(t);
      if (list === undefined) postings.set(t, [{ doc: d, w }]);
      else list.push({ doc: d, w });
    }
  });

  const result = new Map<string, ContentNeighbour[]>();
  const scores = new Float64Array(n);
  const touched: number[] = [];
  vectors.forEach((v, d) => {
    for (const [t, w] of v) {
      for (const p of postings.get(t) ?? []) {
        if (p.doc === d) continue;
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc] = scores[p.doc]! + w * p.w;
      }
    }
    const best = touched
      .map((o) => ({ id: products[o]!.id, score: Math.round(scores[o]! * 1e6) / 1e6 }))
      .filter((x) => x.score > 0)
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
      .slice(0, k);
    for (const o of touched) scores[o] = 0;
    touched.length = 0;
    result.set(products[d]!.id, best);
  });
  return result;
}
