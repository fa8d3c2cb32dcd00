/**
 * The shop `npm run bench:decide` asks for decisions: the Online Retail data imported into a fresh embedded database
 * with `rapport import` (4,372 customers with their orders, 4,069 products), `rapport start` on it, its scheduled
 * models trained by its own thread, an anonymousId linked to each customer (an `identify`, as a storefront sends
 * when a customer signs in), and the recommender, segment and placements of shop-definitions.ts made through the
 * admin API.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { RecModelView, SegmentView } from '@rapport/contracts';
import type { Progress } from '../ingest/progress.js';
import { RAPPORT_CLI } from '../ingest/rapport-server.js';
import { waitForProcessor } from '../ingest/processor-lag.js';
import { RETAIL_CSV } from '../recs/retail-interactions.js';
import { adminApi, postBatches, type AdminApi } from './admin-api.js';
import { picksRecommender, placements, regularsSegment } from './shop-definitions.js';

/** The environment without the caller's RAPPORT_* settings, which would change what is measured. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('RAPPORT_')) env[k] = v;
  return env;
}

/**
 * `rapport import` of the Online Retail file into `dataDir`; the admin secret key it prints, and its time. With
 * `keep` (`--imported DIR`), the first import is copied to that directory and later runs copy it back instead of
 * importing again (the import's time is then the first one's).
 */
export async function importRetail(
  dataDir: string,
  keep?: string,
): Promise<{ secretKey: string; seconds: number }> {
  if (keep === undefined) return freshImport(dataDir);
  const kept = join(keep, 'bench-import.json');
  if (existsSync(kept)) {
    cpSync(join(keep, 'data'), dataDir, { recursive: true });
    return JSON.parse(readFileSync(kept, 'utf8')) as { secretKey: string; seconds: number };
  }
  const done = await freshImport(dataDir);
  cpSync(dataDir, join(keep, 'data'), { recursive: true });
  writeFileSync(kept, JSON.stringify(done));
  return done;
}

async function freshImport(dataDir: string): Promise<{ secretKey: string; seconds: number }> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [RAPPORT_CLI, 'import', RETAIL_CSV, '--format', 'online-retail'],
    {
      env: { ...cleanEnv(), RAPPORT_DATA_DIR: dataDir },
      maxBuffer: 16 << 20,
    },
  );
  const secretKey = /Admin secret key[^:]*:\s+(\S+)/.exec(stdout)?.[1];
  if (secretKey === undefined)
    throw new Error(`rapport import printed no secret key:\n${stdout.slice(-2000)}`);
  return { secretKey, seconds: (performance.now() - started) / 1000 };
}

/** Waits until the server's training thread has a ready version of each algorithm, so that no training runs during the loads. */
async function waitForModels(
  api: AdminApi,
  algorithms: readonly string[],
  progress: Progress,
): Promise<RecModelView[]> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const { items } = await api.get<{ items: RecModelView[] }>('/api/v1/recommendations/models');
    const failed = items.find((m) => algorithms.includes(m.algorithm) && m.status === 'failed');
    if (failed !== undefined) throw new Error(`training ${failed.algorithm} failed: ${failed.error}`);
    const ready = algorithms.map((a) => items.find((m) => m.algorithm === a && m.status === 'ready'));
    const found = ready.filter((m): m is RecModelView => m !== undefined);
    if (found.length === algorithms.length) return found;
    if (Date.now() > deadline) throw new Error('the models were not trained within 15 minutes');
    progress.detail(
      `waiting for the training thread: ${items.map((m) => `${m.algorithm} ${m.status}`).join(', ') || 'nothing queued yet'}`,
    );
    await sleep(5000);
  }
}

async function waitForSegment(api: AdminApi, id: string): Promise<SegmentView> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const segment = await api.get<SegmentView>(`/api/v1/segments/${id}`);
    if (segment.status === 'live') return segment;
    if (Date.now() > deadline) throw new Error(`the segment ${segment.name} was not built within 5 minutes`);
    await sleep(500);
  }
}

export interface PreparedShop {
  /** The identity secret that signs user tokens (for the signed-in visitors). */
  readonly identitySecret: string;
  readonly models: readonly { readonly algorithm: string; readonly tookMs: number }[];
  readonly segment: { readonly name: string; readonly size: number };
}

export interface ShopOptions {
  readonly url: string;
  readonly secretKey: string;
  /** The write key as HTTP Basic (the Segment libraries' way). */
  readonly authorization: string;
  /** Each customer's userId and the anonymousId linked to it. */
  readonly visitors: readonly { readonly userId: string; readonly anonymousId: string }[];
  readonly picksStrategy: Parameters<typeof picksRecommender>[0];
  readonly progress: Progress;
}

/** Trains, links the visitors, makes the recommender, segment and placements, and waits until all of it is live. */
export async function prepareShop(o: ShopOptions): Promise<PreparedShop> {
  const api = adminApi(o.url, o.secretKey);
  o.progress.phase('the training thread trains the scheduled models (SAR, hybrid) before any load');
  const models = await waitForModels(api, ['sar', 'hybrid'], o.progress);
  for (const m of models)
    o.progress.detail(
      `${m.algorithm}: trained in ${(m.tookMs / 1000).toFixed(1)} s on ${m.customers} customers, ${m.products} products`,
    );

  o.progress.phase(
    `linking an anonymousId to each of the ${o.visitors.length} customers (identify through POST /v1/batch)`,
  );
  const timestamp = new Date().toISOString();
  await postBatches(
    o.url,
    o.authorization,
    o.visitors.map((v) => ({
      type: 'identify',
      userId: v.userId,
      anonymousId: v.anonymousId,
      messageId: `bench-decide-link-${v.userId}`,
      timestamp,
    })),
  );
  const linked = await waitForProcessor(o.url, 300);
  if (linked.catchUpSeconds === undefined)
    throw new Error('the processor did not process the identify events within 300 s');

  o.progress.phase('the recommender, segment and placements, through the admin API');
  await api.post('/api/v1/recommenders', picksRecommender(o.picksStrategy));
  const created = await api.post<SegmentView>('/api/v1/segments', regularsSegment);
  const segment = await waitForSegment(api, created.id);
  for (const p of placements) await api.post('/api/v1/placements', p);
  const { secret } = await api.get<{ secret: string }>('/api/v1/identity-secret');
  o.progress.detail(
    `recommender "picks" (${o.picksStrategy}, fallback popular); segment "${segment.name}": ${segment.size} members; placements ${placements.map((p) => p.key).join(', ')}`,
  );
  return {
    identitySecret: secret,
    models: models.map((m) => ({ algorithm: m.algorithm, tookMs: m.tookMs })),
    segment: { name: segment.name, size: segment.size },
  };
}
