import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILES } from '@rapport/storage';
import type { ShopShape } from './people.js';

/**
 * Bumped whenever the generated data would differ, its schema included (6: the event log in a file of its own, migration
 * 0012): a cache of another version is not reused.
 */
export const GENERATOR_VERSION = 6;

/** The database files openDatabase({ dataDir }) uses: everything but the event log, and the event log. */
export const DATABASE_FILE = SQLITE_FILES.main;
export const LOG_FILE = SQLITE_FILES.log;
const MARKER = 'generated.json';

/** What one generation made, kept next to the database so that a later run can reuse both. */
export interface GeneratedData {
  readonly version: number;
  readonly shape: ShopShape;
  readonly dataDir: string;
  readonly workspaceId: string;
  readonly generatedAt: string;
  readonly counts: {
    readonly profiles: number;
    readonly identified: number;
    readonly events: number;
    readonly sessions: number;
    readonly orders: number;
    readonly refunds: number;
    readonly identities: number;
    readonly productRows: number;
    readonly consentChanges: number;
    readonly messageIds: number;
    /** Events per person: median, 90th and 99th percentile, most. */
    readonly eventsPerPerson: {
      readonly p50: number;
      readonly p90: number;
      readonly p99: number;
      readonly max: number;
    };
    readonly meanPayloadBytes: number;
    readonly databaseBytes: number;
  };
  /** Seconds of each step, with rows per second where it inserts rows. */
  readonly seconds: Readonly<Record<string, number>>;
  readonly rfm: {
    readonly customers: number;
    readonly seconds: number;
    readonly counts: Readonly<Record<string, number>>;
  };
}

/** Where the data of a shape lives: $TMPDIR/rapport-bench-segments/p<profiles>-e<events>-s<seed>-v<version>. */
export function cacheDir(shape: Pick<ShopShape, 'profiles' | 'events' | 'seed'>): string {
  return join(
    tmpdir(),
    'rapport-bench-segments',
    `p${shape.profiles}-e${shape.events}-s${shape.seed}-v${GENERATOR_VERSION}`,
  );
}

/** The data generated earlier for this shape, if a generation finished there. */
export function readCached(dir: string): GeneratedData | undefined {
  const marker = join(dir, MARKER);
  if (!existsSync(marker) || !existsSync(join(dir, DATABASE_FILE))) return undefined;
  const data = JSON.parse(readFileSync(marker, 'utf8')) as GeneratedData;
  return data.version === GENERATOR_VERSION ? data : undefined;
}

/** Marks the generation finished: written last, so that an interrupted one is never reused. */
export function markGenerated(data: GeneratedData): void {
  writeFileSync(join(data.dataDir, MARKER), `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * A copy of the generated database in a new directory under $TMPDIR, for a measurement that writes (the cache stays
 * as generated).
 */
export function copyDatabase(data: GeneratedData, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  for (const name of [DATABASE_FILE, LOG_FILE]) {
    for (const suffix of ['', '-wal']) {
      const file = join(data.dataDir, `${name}${suffix}`);
      if (existsSync(file)) copyFileSync(file, join(dir, `${name}${suffix}`));
    }
  }
  return dir;
}
