/**
 * Checks that the generator writes what Rapport itself would hold: a small shop is generated, then its events are sent
 * again, one by one in time order, through Rapport's own ingestion (`normalizeMessage` must give the stored payload
 * byte for byte) and processor, into a database of their own; the profiles (traits, features, consent), identities,
 * product counts, consent history and events of both must be the same. Times of processing (created_at …) differ and
 * are not compared.
 *
 *   node bench/dist/segments/verify-generator.js [--profiles 400] [--seed 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { createEngine, normalizeMessage } from '@rapport/engine';
import { openDatabase } from '@rapport/storage';
import { Progress } from '../ingest/progress.js';
import { DATABASE_FILE } from './data-cache.js';
import { defaultEngineSettings, generateShop } from './generate.js';
import { shopShape } from './people.js';

type Row = Record<string, unknown>;

const { values } = parseArgs({ options: { profiles: { type: 'string' }, seed: { type: 'string' } } });
const profiles = Number(values.profiles ?? 400);
const shape = shopShape({ profiles, events: profiles * 20, seed: Number(values.seed ?? 7) });
const progress = new Progress();
const data = await generateShop(shape, { fresh: true, progress });

progress.phase('sending the same events through Rapport’s ingestion and processor');
const generated = new BetterSqlite3(join(data.dataDir, DATABASE_FILE), { readonly: true });
const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-verify-'));
const database = await openDatabase({ dataDir: dir });
await database.migrate();
let now = shape.start;
const engine = createEngine({ database, settings: defaultEngineSettings(), clock: { now: () => now } });
const problems: string[] = [];
const problem = (message: string) => {
  if (problems.length < 20) problems.push(message);
  else if (problems.length === 20) problems.push('…');
};
try {
  await engine.start({ background: false });
  const workspace = await engine.workspaces.create('Verification');
  const settings = defaultEngineSettings();
  const events = generated.prepare('SELECT seq, payload, received_at FROM events ORDER BY seq').all() as {
    seq: number;
    payload: string;
    received_at: number;
  }[];
  for (const e of events) {
    // The message as its sender sent it: the stored payload without the fields the server adds.
    const { originalTimestamp: _o, receivedAt: _r, ...message } = JSON.parse(e.payload) as Row;
    const normalized = normalizeMessage(
      message,
      { receivedAt: e.received_at, isImport: false, newMessageId: () => 'unused' },
      settings.ingest,
    );
    if (!normalized.ok)
      problem(`seq ${e.seq}: refused by normalizeMessage: ${JSON.stringify(normalized.problems)}`);
    else if (normalized.payload !== e.payload)
      problem(
        `seq ${e.seq}: stored payload differs:\n  generated ${e.payload}\n  Rapport   ${normalized.payload}`,
      );
    now = e.received_at;
    const result = await engine.ingest.ingestMessages(workspace.id, [message], {
      source: 'http',
      receivedAt: e.received_at,
    });
    if (result.accepted !== 1) problem(`seq ${e.seq}: not accepted: ${JSON.stringify(result.problems)}`);
  }
  await engine.processor.drain();
  const replayed = new BetterSqlite3(join(dir, DATABASE_FILE), { readonly: true });
  const rows = (db: BetterSqlite3.Database, sql: string, ...params: unknown[]) =>
    db.prepare(sql).all(...params) as Row[];
  // Profiles are matched through their identities: the same (kind, value) must lead to the same person.
  const profileOf = (db: BetterSqlite3.Database) =>
    new Map(
      rows(db, 'SELECT kind, value, profile_id FROM identities').map((r) => [
        `${String(r['kind'])}:${String(r['value'])}`,
        String(r['profile_id']),
      ]),
    );
  const mine = profileOf(generated);
  const theirs = profileOf(replayed);
  const pairs = new Map<string, string>();
  for (const [identity, id] of mine) {
    const other = theirs.get(identity);
    if (other === undefined) problem(`identity ${identity} is missing after processing`);
    else if ((pairs.get(id) ?? other) !== other)
      problem(`identity ${identity} belongs to another profile after processing`);
    else pairs.set(id, other);
  }
  if (theirs.size !== mine.size)
    problem(`${mine.size} identities generated, ${theirs.size} after processing`);
  const profileRow = (db: BetterSqlite3.Database, id: string) =>
    db
      .prepare(
        'SELECT traits, trait_times, features, consent, groups, merged_into FROM profiles WHERE id = ?',
      )
      .get(id) as Row;
  const sorted = (list: Row[], key: (r: Row) => string) => list.sort((a, b) => key(a).localeCompare(key(b)));
  for (const [id, other] of pairs) {
    const a = profileRow(generated, id);
    const b = profileRow(replayed, other);
    for (const column of ['traits', 'trait_times', 'features', 'consent', 'groups']) {
      if (!isDeepStrictEqual(JSON.parse(String(a[column])), JSON.parse(String(b[column]))))
        problem(
          `profile ${id}: ${column} differs:\n  generated ${String(a[column])}\n  Rapport   ${String(b[column])}`,
        );
    }
    const products = (db: BetterSqlite3.Database, p: string) =>
      rows(
        db,
        'SELECT product_id, views, adds, purchases, last_viewed_at, last_added_at, last_purchased_at FROM profile_products WHERE profile_id = ? ORDER BY product_id',
        p,
      );
    if (!isDeepStrictEqual(products(generated, id), products(replayed, other)))
      problem(`profile ${id}: product counts differ`);
    const consent = (db: BetterSqlite3.Database, p: string) =>
      sorted(
        rows(
          db,
          'SELECT purpose, granted, source, at, message_id FROM consent_changes WHERE profile_id = ?',
          p,
        ),
        (r) => `${String(r['at'])}${String(r['purpose'])}`,
      );
    if (!isDeepStrictEqual(consent(generated, id), consent(replayed, other)))
      problem(`profile ${id}: consent history differs`);
  }
  const eventRows = (db: BetterSqlite3.Database) =>
    rows(
      db,
      'SELECT message_id, profile_id, type, event, user_id, anonymous_id, timestamp, payload, flags, revenue FROM events ORDER BY timestamp, message_id',
    );
  const a = eventRows(generated);
  const b = eventRows(replayed);
  if (a.length !== b.length) problem(`${a.length} events generated, ${b.length} after processing`);
  a.forEach((row, i) => {
    const other = b[i];
    if (other === undefined) return;
    const expected = { ...row, profile_id: pairs.get(String(row['profile_id'])) };
    if (!isDeepStrictEqual(expected, other))
      problem(
        `event ${String(row['message_id'])} differs:\n  generated ${JSON.stringify(expected)}\n  Rapport   ${JSON.stringify(other)}`,
      );
  });
  replayed.close();
  progress.detail(
    `${events.length.toLocaleString('en-US')} events, ${pairs.size.toLocaleString('en-US')} profiles, ${mine.size.toLocaleString('en-US')} identities compared`,
  );
} finally {
  generated.close();
  await engine.stop();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(data.dataDir, { recursive: true, force: true });
}
if (problems.length > 0) {
  process.stdout.write(`The generator and Rapport disagree:\n${problems.join('\n')}\n`);
  process.exitCode = 1;
} else {
  progress.phase('the generator writes what Rapport holds after processing the same events');
}
