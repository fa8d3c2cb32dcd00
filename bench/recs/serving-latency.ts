/**
 * The serving half of `npm run bench:recs`: the Online Retail data imported into a fresh embedded database
 * (`rapport import`), `rapport start` on it (its training thread trains the scheduled models, SAR and hybrid, as it
 * would for a shop), then recommendations over HTTP at a fixed rate — personalized (hybrid, for a random customer)
 * and item-to-item (bought together, for a random product) — next to a bare endpoint of the same HTTP stack that
 * answers a fixed list of the same size (bare-recommendations.ts), and each at full speed for throughput.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PooledRequest, RequestSource } from '../ingest/body-pool.js';
import { startChildServer } from '../ingest/child-server.js';
import type { LoadResult } from '../ingest/load-test.js';
import { runSaturatingLoad } from '../ingest/load-test.js';
import { runPacedLoad } from '../ingest/paced-load.js';
import { cpuPerRequest, cpuSeconds, type CpuPerRequest } from '../ingest/process-cpu.js';
import { Progress } from '../ingest/progress.js';
import { startRapport } from '../ingest/rapport-server.js';
import { cleanEnv, importRetail } from '../decide/decide-shop.js';
import { readRetailInteractions } from './retail-interactions.js';

/** A model the server's training thread trained, as its API reports it. */
export interface ServedModel {
  readonly algorithm: string;
  readonly tookMs: number;
  readonly customers: number;
  readonly products: number;
  readonly interactions: number;
  readonly ndcg: number | null;
  readonly popularNdcg: number | null;
}

export interface ServingMeasurement {
  readonly requestsPerSecond: number;
  readonly seconds: number;
  readonly importSeconds: number;
  readonly models: readonly ServedModel[];
  /** At `requestsPerSecond`, paced (latency counted from when each request was due). */
  readonly paced: { readonly personalized: LoadResult; readonly itemToItem: LoadResult; readonly bare: LoadResult };
  /** As fast as answers come, `connections` at a time. */
  readonly saturated: { readonly personalized: LoadResult; readonly itemToItem: LoadResult; readonly bare: LoadResult };
  readonly connections: number;
  /** CPU of the server per request answered at the paced rate (/proc: its main thread, which answers HTTP, and the process). */
  readonly pacedCpu: { readonly personalized: CpuPerRequest; readonly itemToItem: CpuPerRequest; readonly bare: CpuPerRequest };
  /** VmHWM of the Rapport server after the loads: the whole process (HTTP, database cache, models, workers). */
  readonly serverPeakRssBytes: number;
}

/** Seeded choice of customers and products, so that every run asks the same questions. */
function pool(bodies: readonly string[]): RequestSource {
  const entries: PooledRequest[] = bodies.map((b) => ({ path: '/api/v1/recommendations', body: Buffer.from(b, 'utf8') }));
  let next = 0;
  return { eventsPerRequest: 1, take: () => entries[next++ % entries.length]! };
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BARE = resolve(import.meta.dirname, 'bare-recommendations.js');

async function waitForModels(url: string, secretKey: string, algorithms: readonly string[], progress: Progress): Promise<ServedModel[]> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const response = await fetch(`${url}/api/v1/recommendations/models`, { headers: { authorization: `Bearer ${secretKey}` } });
    if (!response.ok) throw new Error(`GET /api/v1/recommendations/models answered ${response.status}`);
    const { items } = (await response.json()) as { items: { algorithm: string; status: string; tookMs: number; customers: number; products: number; interactions: number; error: string | null; metrics: { ndcg: number; popular: { ndcg: number } } | null }[] };
    const failed = items.find((m) => algorithms.includes(m.algorithm) && m.status === 'failed');
    if (failed !== undefined) throw new Error(`training ${failed.algorithm} failed: ${failed.error}`);
    const ready = algorithms.map((a) => items.find((m) => m.algorithm === a && m.status === 'ready'));
    if (ready.every((m) => m !== undefined)) {
      return ready.map((m) => ({ algorithm: m!.algorithm, tookMs: m!.tookMs, customers: m!.customers, products: m!.products, interactions: m!.interactions, ndcg: m!.metrics?.ndcg ?? null, popularNdcg: m!.metrics?.popular.ndcg ?? null }));
    }
    if (Date.now() > deadline) throw new Error('the models were not trained within 15 minutes');
    progress.detail(`waiting for the training thread: ${items.map((m) => `${m.algorithm} ${m.status}`).join(', ') || 'nothing queued yet'}`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

export interface ServingOptions {
  readonly progress: Progress;
  /** Customer ids (userId) and product ids to ask about; default: those of the Online Retail data. */
  readonly customers: readonly string[];
  readonly products: readonly string[];
  readonly requestsPerSecond: number;
  readonly seconds: number;
  readonly connections: number;
  /** `--imported DIR`: the import kept there and copied back on later runs (decide-shop.ts). */
  readonly imported?: string;
  /** `--cpu-prof`: the server's CPU profile is written to this directory. */
  readonly cpuProfileDir?: string;
}

export async function measureServingLatency(given: Partial<ServingOptions> = {}): Promise<ServingMeasurement> {
  let { customers, products } = given;
  if (customers === undefined || products === undefined) {
    const { rows } = await readRetailInteractions();
    customers = [...new Set(rows.map((r) => r.userId))];
    products = [...new Set(rows.map((r) => r.itemId))];
  }
  const o: ServingOptions = { progress: given.progress ?? new Progress(), requestsPerSecond: 500, seconds: 20, connections: 20, ...given, customers, products };
  const { progress } = o;
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-bench-recs-serving-'));
  try {
    progress.phase('serving: importing the Online Retail data into a fresh embedded database (rapport import)');
    const imported = await importRetail(dataDir, o.imported);
    const { secretKey, seconds: importSeconds } = imported;
    progress.detail(`imported in ${importSeconds.toFixed(0)} s`);

    const rapport = await startRapport({ dataDir, cpuProfileDir: o.cpuProfileDir });
    try {
      progress.phase('serving: the training thread trains the scheduled models (SAR, hybrid)');
      const models = await waitForModels(rapport.url, secretKey, ['sar', 'hybrid'], progress);
      for (const m of models) progress.detail(`${m.algorithm}: trained in ${(m.tookMs / 1000).toFixed(1)} s (measured and trained) on ${m.customers} customers, ${m.products} products`);

      const random = seeded(7);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const personalized = pool(Array.from({ length: 2000 }, () => JSON.stringify({ strategy: 'hybrid', userId: pick(o.customers), limit: 10 })));
      const itemToItem = pool(Array.from({ length: 2000 }, () => JSON.stringify({ strategy: 'bought_together', itemIds: [pick(o.products)], limit: 10 })));
      const headers = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
      const paced = (url: string, source: RequestSource, seconds = o.seconds) => runPacedLoad({ url, pool: source, connections: o.connections, seconds, headers, requestsPerSecond: o.requestsPerSecond });
      // A paced load with the server's CPU per request answered (the figure that moves least with the machine's load).
      const measured = async (pid: number, url: string, source: RequestSource) => {
        const before = cpuSeconds(pid);
        const result = await paced(url, source);
        return { result, cpu: cpuPerRequest(before, cpuSeconds(pid), result.events) };
      };
      const saturated = (url: string, source: RequestSource) => runSaturatingLoad({ url, pool: source, connections: o.connections, seconds: Math.min(10, o.seconds), headers });

      progress.phase(`serving: warm-up, then ${o.requestsPerSecond} requests/s for ${o.seconds} s each`);
      await paced(rapport.url, personalized, 3);
      await paced(rapport.url, itemToItem, 3);
      const { result: pacedPersonalized, cpu: personalizedCpu } = await measured(rapport.pid, rapport.url, personalized);
      progress.detail(`personalized (hybrid): p50 ${pacedPersonalized.p50Ms.toFixed(2)} ms, p99 ${pacedPersonalized.p99Ms.toFixed(2)} ms; CPU ${personalizedCpu.mainThreadMs.toFixed(3)} ms a request on the main thread`);
      const { result: pacedItem, cpu: itemCpu } = await measured(rapport.pid, rapport.url, itemToItem);
      progress.detail(`item-to-item (bought together): p50 ${pacedItem.p50Ms.toFixed(2)} ms, p99 ${pacedItem.p99Ms.toFixed(2)} ms; CPU ${itemCpu.mainThreadMs.toFixed(3)} ms a request on the main thread`);
      progress.phase('serving: throughput, as fast as answers come');
      const fullPersonalized = await saturated(rapport.url, personalized);
      const fullItem = await saturated(rapport.url, itemToItem);
      progress.detail(`personalized ${fullPersonalized.requestsPerSecond.toFixed(0)} req/s, item-to-item ${fullItem.requestsPerSecond.toFixed(0)} req/s`);
      const serverPeakRssBytes = rapport.peakRssBytes();
      await rapport.stop();

      progress.phase('serving: the bare endpoint (Fastify, the same schemas, a fixed answer)');
      const bare = await startChildServer({ name: 'bare endpoint', script: BARE, env: cleanEnv(), listening: /bare endpoint listening on (http:\/\/\S+)/ });
      try {
        await paced(bare.url, personalized, 3);
        const { result: pacedBare, cpu: bareCpu } = await measured(bare.pid, bare.url, personalized);
        const fullBare = await saturated(bare.url, personalized);
        progress.detail(`bare: p50 ${pacedBare.p50Ms.toFixed(2)} ms, p99 ${pacedBare.p99Ms.toFixed(2)} ms; ${fullBare.requestsPerSecond.toFixed(0)} req/s at full speed`);
        return {
          requestsPerSecond: o.requestsPerSecond,
          seconds: o.seconds,
          importSeconds,
          models,
          paced: { personalized: pacedPersonalized, itemToItem: pacedItem, bare: pacedBare },
          pacedCpu: { personalized: personalizedCpu, itemToItem: itemCpu, bare: bareCpu },
          saturated: { personalized: fullPersonalized, itemToItem: fullItem, bare: fullBare },
          connections: o.connections,
          serverPeakRssBytes,
        };
      } finally {
        await bare.stop();
      }
    } finally {
      await rapport.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
