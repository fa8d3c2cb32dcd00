import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createEngine, defaultSettings } from '@rapport/engine';
import { openDatabase } from '@rapport/storage';
import { engineSettings, loadConfig } from '@rapport/server';
import type { Progress } from '../ingest/progress.js';
import {
  cacheDir,
  DATABASE_FILE,
  LOG_FILE,
  GENERATOR_VERSION,
  markGenerated,
  readCached,
  type GeneratedData,
} from './data-cache.js';
import { writeEvents } from './event-pass.js';
import { streams, type ShopShape } from './people.js';
import { writePeople } from './person-pass.js';
import { Rng } from './random.js';
import { makeCatalog } from './shop-model.js';

/**
 * The events' indexes, built once the events are in rather than kept up while they go in: measured with a million
 * rows, inserts without them and CREATE INDEX after took 13 s, inserts with them 15 s (the one by profile takes every
 * insert somewhere in the middle; those by time grow at their right edge).
 */
const DEFERRED_INDEXES = ['events_profile_time', 'events_profile_event', 'events_time_profile', 'events_event_time'];

const fixedClock = (at: number) => ({ now: () => at });

/** Settings of a Rapport started with no RAPPORT_* variables: the documented defaults. */
export function defaultEngineSettings(): ReturnType<typeof engineSettings> {
  const config = loadConfig({});
  if (!config.ok) throw new Error(`the default configuration is invalid: ${config.error.join('; ')}`);
  return engineSettings(config.value);
}

/**
 * The synthetic shop in a database of Rapport's own schema, reused from $TMPDIR when an earlier run made the same
 * shape (profiles, events, seed, generator version) unless `fresh`. Written directly with prepared statements in
 * large transactions (the ingestion pipeline would take hours for 20 million events), then analysed, checkpointed,
 * and its RFM model refreshed by Rapport's own RfmService as of the end of the data.
 */
export async function generateShop(
  shape: ShopShape,
  o: { fresh: boolean; progress: Progress },
): Promise<GeneratedData> {
  const dataDir = cacheDir(shape);
  const cached = o.fresh ? undefined : readCached(dataDir);
  if (cached !== undefined) {
    o.progress.detail(
      `reusing the shop generated ${cached.generatedAt} in ${dataDir} (--fresh makes it again)`,
    );
    return cached;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const seconds: Record<string, number> = {};
  const time = <T>(step: string, fn: () => T): T => {
    const started = performance.now();
    const result = fn();
    seconds[step] = (performance.now() - started) / 1000;
    return result;
  };

  // The schema comes from Rapport's migrations; the workspace has the default settings.
  const database = await openDatabase({ dataDir });
  await database.migrate();
  await database.close();
  const settings = defaultSettings();
  const workspaceId = Rng.of(shape.seed, streams.person, -1).uuid7(shape.start);
  const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  // Nothing here needs to survive a crash: an interrupted generation is never marked finished, and starts over.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('temp_store = MEMORY');
  sqlite
    .prepare('INSERT INTO workspaces (id, name, created_at, settings) VALUES (?, ?, ?, ?)')
    .run(workspaceId, 'Synthetic shop', shape.start, JSON.stringify(settings));
  const deferred = DEFERRED_INDEXES.map(
    (name) =>
      sqlite
        .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
        .get(name)!.sql,
  );
  for (const name of DEFERRED_INDEXES) sqlite.exec(`DROP INDEX ${name}`);

  const catalog = makeCatalog(shape.seed);
  const insertProduct = sqlite.prepare(
    "INSERT INTO products (workspace_id, id, name, description, category, tags, price, currency, image_url, url, in_stock, attributes, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, '[]', ?, 'GBP', NULL, ?, 1, '{}', ?, ?)",
  );
  sqlite.transaction(() => {
    for (const p of catalog.products)
      insertProduct.run(
        workspaceId,
        p.id,
        p.name,
        p.category,
        p.price,
        `/p/${p.id}`,
        shape.start,
        shape.start,
      );
  })();

  o.progress.phase(`generating ${shape.profiles.toLocaleString('en-US')} people (seed ${shape.seed})`);
  const people = time('people', () =>
    writePeople({ sqlite, shape, catalog, workspaceId, purposes: settings.purposes, progress: o.progress }),
  );
  o.progress.detail(
    `${people.sessions.size.toLocaleString('en-US')} sessions; ${Math.round(shape.profiles / seconds['people']!).toLocaleString('en-US')} people/s`,
  );
  o.progress.phase(`writing ${shape.events.toLocaleString('en-US')} events in time order`);
  const events = time('events', () =>
    writeEvents({ sqlite, shape, catalog, workspaceId, people, progress: o.progress }),
  );
  o.progress.detail(
    `${Math.round(shape.events / seconds['events']!).toLocaleString('en-US')} rows/s; mean payload ${Math.round(events.payloadBytes / shape.events)} bytes`,
  );

  o.progress.phase(`indexing, then ANALYZE`);
  time('indexes', () => deferred.forEach((statement) => sqlite.exec(statement)));
  // The next events appended to the log (a file of its own) continue the sequence, and the processor's cursor is past
  // the events.
  const log = new BetterSqlite3(join(dataDir, LOG_FILE));
  log.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('event_log', ?)").run(shape.events);
  log.close();
  sqlite
    .prepare("INSERT INTO processor_state (name, cursor, updated_at) VALUES ('events', ?, ?)")
    .run(shape.events, shape.end);
  time('analyze', () => sqlite.exec('ANALYZE'));
  o.progress.detail(
    `indexes ${seconds['indexes']!.toFixed(0)} s, ANALYZE ${seconds['analyze']!.toFixed(0)} s`,
  );
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();

  o.progress.phase('refreshing the RFM model (Rapport’s RfmService, as of the end of the data)');
  const rfm = await refreshRfm(dataDir, workspaceId, shape.end);
  seconds['rfm'] = rfm.seconds;
  o.progress.detail(
    `${rfm.customers.toLocaleString('en-US')} customers scored in ${rfm.seconds.toFixed(1)} s`,
  );

  const sorted = Uint32Array.from(people.counts).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const data: GeneratedData = {
    version: GENERATOR_VERSION,
    shape,
    dataDir,
    workspaceId,
    generatedAt: new Date().toISOString(),
    counts: {
      profiles: shape.profiles,
      identified: people.stats.identified,
      events: shape.events,
      sessions: people.sessions.size,
      orders: people.stats.orders,
      refunds: people.stats.refunds,
      identities: people.stats.identities,
      productRows: people.stats.productRows,
      consentChanges: people.stats.consentChanges,
      messageIds: events.messageIds,
      eventsPerPerson: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]! },
      meanPayloadBytes: events.payloadBytes / shape.events,
      databaseBytes: statSync(join(dataDir, DATABASE_FILE)).size,
    },
    seconds,
    rfm,
  };
  markGenerated(data);
  return data;
}

/** Refreshes the RFM model with Rapport's RfmService, at a clock stopped at the end of the data; checkpoints after. */
async function refreshRfm(dataDir: string, workspaceId: string, asOf: number): Promise<GeneratedData['rfm']> {
  const database = await openDatabase({ dataDir });
  try {
    const engine = createEngine({ database, settings: defaultEngineSettings(), clock: fixedClock(asOf) });
    const started = performance.now();
    const run = await engine.rfm.refresh(workspaceId, { asOf });
    const seconds = (performance.now() - started) / 1000;
    await database.checkpoint();
    return { customers: run.customers, seconds, counts: run.counts };
  } finally {
    await database.close();
  }
}
