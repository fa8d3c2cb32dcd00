import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { algorithmNames } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRapport, spawnRapport } from './support/rapport-process.js';
import { serverStorage, type ServerStorage } from './support/server-storage.js';

// `rapport recs evaluate` as a person runs it: the built command line, on files and on a database of its own.

const FIXTURES = resolve(import.meta.dirname, 'fixtures/recs');
const TRAIN = join(FIXTURES, 'train.csv');
const TEST = join(FIXTURES, 'test.csv');

const evaluate = (args: readonly string[], env: Record<string, string> = {}) => runRapport(['recs', 'evaluate', ...args], env);
/** The one JSON object of a single-algorithm run. */
const report = (stdout: string) => JSON.parse(stdout) as Record<string, number | string | object>;

/**
 * A pair with hits below the top of the list, a known item left out of every list and a test item train lacks.
 * Train (user item): a X, a Y (rating 4.5), b X, b Z, c X, d Y, e V, e W.
 * Popularity (distinct buyers): X 3, Y 2, V 1, W 1, Z 1 → the popular list X, Y, V, W, Z (ties by id).
 * Test: c W; d V, d Q (Q is in no train row: a miss for every algorithm); f Y (f is not in train).
 */
const HANDMADE_TRAIN = ['user_id,item_id,rating,timestamp', 'a,X,,100', 'a,Y,4.5,200', 'b,X,,300', 'b,Z,,400', 'c,X,,500', 'd,Y,,600', 'e,V,,700', 'e,W,,800'];
const HANDMADE_TEST = ['user_id,item_id,rating,timestamp', 'c,W,,900', 'd,V,,900', 'd,Q,,950', 'f,Y,,1000'];

describe('rapport recs evaluate on files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-recs-cli-'));
    writeFileSync(join(dir, 'train.csv'), `${HANDMADE_TRAIN.join('\n')}\n`);
    writeFileSync(join(dir, 'test.csv'), `${HANDMADE_TEST.join('\n')}\n`);
    writeFileSync(join(dir, 'bad-header.csv'), 'user,item,rating,timestamp\nu1,A,,1\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every algorithm with what it does and its defaults', async () => {
    const run = await evaluate(['--list']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const name of algorithmNames) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(run.stdout).toContain('defaults: similarity=jaccard halfLifeDays=30');
    const json = await evaluate(['--list', '--json']);
    const listed = JSON.parse(json.stdout) as { name: string; description: string; defaults: object }[];
    expect(listed.map((a) => a.name)).toEqual([...algorithmNames]);
    expect(listed.find((a) => a.name === 'ease')?.defaults).toMatchObject({ lambda: 250 });
  });

  it('measures popular on the fixtures as worked out by hand', async () => {
    // Train: u1 A, u1 B, u2 A, u2 C, u3 B (u1 A twice: one pair). Buyers: A 2, B 2, C 1 → popular list A, B, C.
    // Test: u1 {C, D}, u2 {B} (twice: one pair), u4 {A}; u4 is not in train. k = 10, so P = hits / 10.
    //   u1: list C (A, B are theirs): hit at 1. P 0.1, R 1/2, nDCG 1 / (1 + 1/log2 3) = 0.613147, AP (1/1) / 2 = 0.5
    //   u2: list B: hit at 1. P 0.1, R 1, nDCG 1, AP 1
    //   u4: list A, B, C: hit at 1. P 0.1, R 1, nDCG 1, AP 1
    // Means: P 0.1, R 2.5/3 = 0.833333, nDCG 2.613147/3 = 0.871049, MAP 2.5/3 = 0.833333.
    // Coverage: A, B, C all recommended = 3/3. Percentile ranks (buyers ≤ own / 3): C 33.33, A and B 100;
    // recommended C, B, A, B, C → (33.33 + 100 + 100 + 100 + 33.33) / 5 = 73.333.
    const run = await evaluate(['--train', TRAIN, '--test', TEST, '--k', '10', '--algorithm', 'popular', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const r = report(run.stdout);
    expect(r).toMatchObject({ algorithm: 'popular', k: 10, coverage: 1, train_rows: 6, train_users: 3, train_items: 3, test_rows: 4, test_users: 3, test_users_not_in_train: 1 });
    expect(r['precision']).toBeCloseTo(0.1, 10);
    expect(r['recall']).toBeCloseTo(2.5 / 3, 10);
    expect(r['ndcg']).toBeCloseTo((1 / (1 + 1 / Math.log2(3)) + 2) / 3, 10);
    expect(r['ndcg']).toBeCloseTo(0.871049, 6);
    expect(r['map']).toBeCloseTo(2.5 / 3, 10);
    expect(r['popularity_percentile']).toBeCloseTo(73.3333, 4);
    expect(r['train_seconds']).toEqual(expect.any(Number));
  });

  it('measures hits below the top, partial recall and coverage below 100 % as worked out by hand', async () => {
    // k = 3; the popular list is X, Y, V, W, Z, each user's own items left out:
    //   c (has X): Y, V, W; test {W}: hit at 3. P 1/3, R 1, nDCG (1/log2 4) / 1 = 0.5, AP (1/3) / 1 = 0.333333
    //   d (has Y): X, V, W; test {V, Q}: hit at 2. P 1/3, R 1/2, nDCG (1/log2 3) / (1 + 1/log2 3) = 0.386853, AP (1/2) / 2 = 0.25
    //   f (new):   X, Y, V; test {Y}: hit at 2. P 1/3, R 1, nDCG 1/log2 3 = 0.630930, AP (1/2) / 1 = 0.5
    // Means: P 1/3, R 2.5/3 = 0.833333, nDCG 1.517783/3 = 0.505928, MAP 1.083333/3 = 0.361111.
    // Coverage: V, W, X, Y recommended, Z never: 4/5. Percentile ranks (n = 5): V, W, Z 60; Y 80; X 100;
    // recommended Y V W, X V W, X Y V → (200 + 220 + 240) / 9 = 73.333.
    const run = await evaluate(['--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--k', '3', '--algorithm', 'popular', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const r = report(run.stdout);
    expect(r).toMatchObject({ k: 3, coverage: 0.8, train_rows: 8, train_users: 5, train_items: 5, test_rows: 4, test_users: 3, test_users_not_in_train: 1 });
    expect(r['precision']).toBeCloseTo(1 / 3, 10);
    expect(r['recall']).toBeCloseTo(2.5 / 3, 10);
    expect(r['ndcg']).toBeCloseTo(0.505928, 6);
    expect(r['map']).toBeCloseTo(0.361111, 6);
    expect(r['popularity_percentile']).toBeCloseTo(660 / 9, 10);
  });

  it('prints a table of every algorithm against popular, with the data it was measured on', async () => {
    const run = await evaluate(['--train', TRAIN, '--test', TEST]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Trained on train.csv, tested on test.csv, lists of 10.');
    expect(lines[1]).toContain('train: 6 rows, 3 users, 3 items (the candidates); test: 4 user–item pairs of 3 users, 1 of them not in train');
    expect(lines[3]).toMatch(/^algorithm +MAP@10 +nDCG@10 +P@10 +R@10 +coverage +pop\. pct +train s +nDCG vs popular$/);
    const rows = lines.slice(5).filter((l) => l.trim() !== '');
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual([...algorithmNames]);
    expect(rows[0]).toMatch(/^popular +0\.8333 +0\.8710 +0\.1000 +0\.8333 +100\.0 % +73\.3 +\d+\.\d\d +1\.00×$/);
  });

  it('passes parameters to one algorithm and refuses those it does not have', async () => {
    const run = await evaluate(['--train', TRAIN, '--test', TEST, '--algorithm', 'item-knn', '--param', 'neighbours=2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(report(run.stdout)['params']).toEqual({ neighbours: 2, weighting: 'binary', shrink: 0 });

    const bad = await evaluate(['--train', TRAIN, '--test', TEST, '--algorithm', 'als', '--param', 'factors=many', '--param', 'colour=red']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain('als: factors must be a number, not "many"; unknown parameter colour');
  });

  it('answers bad input with exit code 2 and one line naming the file, the line and what was expected', async () => {
    const cases: [string[], string][] = [
      [['--train', TRAIN, '--test', join(FIXTURES, 'bad-test.csv')], `${join(FIXTURES, 'bad-test.csv')}: line 3: timestamp must be a number of Unix seconds, not "last tuesday"`],
      [['--train', join(dir, 'bad-header.csv'), '--test', TEST], `${join(dir, 'bad-header.csv')}: the header lacks user_id, item_id: it must name the columns user_id,item_id,rating,timestamp`],
      [['--train', join(dir, 'missing.csv'), '--test', TEST], `there is no train file at ${join(dir, 'missing.csv')}`],
      [['--train', TRAIN], 'give --train TRAIN.csv and --test TEST.csv, or --from-workspace'],
      [['--train', TRAIN, '--test', TEST, '--algorithm', 'magic'], 'unknown algorithm "magic": one of popular, sar, item-knn, als, ease, hybrid, or all'],
      [['--train', TRAIN, '--test', TEST, '--k', 'ten'], '--k must be a whole number from 1 to 1,000, not "ten"'],
    ];
    for (const [args, message] of cases) {
      const run = await evaluate(args);
      expect(run, args.join(' ')).toEqual({ code: 2, stdout: '', stderr: `rapport recs evaluate: ${message}\n` });
    }
    const unknownOption = await evaluate(['--train', TRAIN, '--test', TEST, '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--colour'");
  });
});

describe.each(testDialects())('rapport recs evaluate on a workspace on %s', (dialect) => {
  let storage: ServerStorage;
  let env: Record<string, string>;
  beforeAll(async () => {
    storage = await serverStorage(dialect);
    env = { RAPPORT_DATA_DIR: storage.dataDir, ...storage.env };
    // The fixture: orders of alice, bob, carol, dave, erin and frank, and a guest (visitor-1). Erin's first order
    // says she does not consent to personalization.
    const imported = await runRapport(['import', join(FIXTURES, 'shop-events.jsonl'), '--format', 'segment-jsonl'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('12 sent: 12 new');
  });
  afterAll(async () => {
    await storage?.dispose();
  });

  it('refuses to evaluate before there is a workspace, and names the workspaces when --workspace is wrong', async () => {
    const empty = await evaluate(['--from-workspace'], { RAPPORT_DATA_DIR: join(storage.dataDir, 'empty') });
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toContain('the database has no workspace yet');
    const wrong = await evaluate(['--from-workspace', '--workspace', 'nope'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('there is no workspace nope; the database has:');
  });

  it("evaluates on the workspace's orders split in time, without the person who does not consent, and stores the report", async () => {
    // Latest order: frank, 2024-02-29 12:00; the last 30 days start after 2024-01-30 12:00.
    // Train (January): alice p1 p2, bob p1 p3, carol p2 p3, dave p4 p5. Left out: erin (no consent to personalization:
    // with her, train would have 5 users and test 6) and visitor-1 (a guest, not an identified customer).
    // Test: alice {p3}, bob {p2}, carol {p1, p4}, dave {p6}, frank {p2} (frank is not in train).
    // Buyers: p1 2, p2 2, p3 2, p4 1, p5 1 → the popular list p1, p2, p3, p4, p5. k = 10:
    //   alice: p3 p4 p5 → hit at 1: P 0.1, R 1, nDCG 1, AP 1      bob: p2 p4 p5 → hit at 1: P 0.1, R 1, nDCG 1, AP 1
    //   carol: p1 p4 p5 → hits at 1, 2: P 0.2, R 1, nDCG 1, AP (1/1 + 2/2) / 2 = 1
    //   dave: p1 p2 p3 → no hit (p6 is no candidate): 0       frank: p1 p2 p3 p4 p5 → hit at 2: P 0.1, R 1, nDCG 1/log2 3, AP 1/2
    // Means over 5 users: P 0.5/5 = 0.1, R 4/5 = 0.8, nDCG (3 + 0.630930)/5 = 0.726186, MAP 3.5/5 = 0.7; coverage 5/5.
    const run = await evaluate(['--from-workspace', '--split', 'time', '--test-days', '30', '--algorithm', 'popular', '--json'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const r = report(run.stdout);
    expect(r).toMatchObject({ algorithm: 'popular', k: 10, coverage: 1, train_rows: 8, train_users: 4, train_items: 5, test_rows: 6, test_users: 5, test_users_not_in_train: 1, id: expect.any(String) });
    expect(r['precision']).toBeCloseTo(0.1, 10);
    expect(r['recall']).toBeCloseTo(0.8, 10);
    expect(r['ndcg']).toBeCloseTo((3 + 1 / Math.log2(3)) / 5, 10);
    expect(r['map']).toBeCloseTo(0.7, 10);

    const table = await evaluate(['--from-workspace', '--algorithm', 'sar', '--k', '3'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(
      'Orders of the workspace: 9 orders of 5 customers who consent to personalization; 1 customer without that consent left out. ' +
        'Split at 2024-01-30 12:00 UTC: the last 30 days are the test (0 repeat purchases of a train item left out).',
    );
    expect(table.stdout).toMatch(/^sar +0\.7000 /m);
    expect(table.stdout).toMatch(/Stored in the workspace "My shop" as the evaluation [0-9a-f-]{36} \(GET \/api\/v1\/recommendations\/evaluations\)\./);
  });

  it('says why a split leaves nothing to learn from', async () => {
    const run = await evaluate(['--from-workspace', '--test-days', '365'], env);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('No order is older than the last 365 days to learn from: try a smaller --test-days.');
  });

  it('stores the file form with --save, and the admin API lists the stored reports newest first', async () => {
    const saved = await evaluate(['--train', TRAIN, '--test', TEST, '--algorithm', 'popular', '--save', '--json'], env);
    expect(saved.code, saved.stderr).toBe(0);
    const savedId = report(saved.stdout)['id'];
    expect(savedId).toEqual(expect.any(String));
    const unsaved = await evaluate(['--train', TRAIN, '--test', TEST, '--algorithm', 'popular', '--workspace', 'x'], env);
    expect(unsaved.stderr).toContain('--workspace names where to store the report: add --save');

    const server = await spawnRapport({ dataDir: storage.dataDir, env: storage.env });
    try {
      const get = async (path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.secretKey}` } });
        return { status: res.status, body: (await res.json()) as { items: { id: string; algorithm: string; source: string; split: unknown; metrics: Record<string, number> }[] } };
      };
      const all = await get('/api/v1/recommendations/evaluations');
      expect(all.status).toBe(200);
      // Newest first: the saved file form, then sar and popular on the workspace's orders.
      expect(all.body.items.map((e) => [e.algorithm, e.source])).toEqual([
        ['popular', 'files'],
        ['sar', 'workspace'],
        ['popular', 'workspace'],
      ]);
      expect(all.body.items[0]).toMatchObject({ id: savedId, split: null, metrics: { map: 2.5 / 3, coverage: 1 } });
      expect(all.body.items[2]).toMatchObject({ split: { testDays: 30, cutoff: '2024-01-30T12:00:00.000Z', repeatsLeftOut: 0 }, metrics: { map: 0.7 }, data: { trainUsers: 4, testUsers: 5 } });
      const popular = await get('/api/v1/recommendations/evaluations?algorithm=popular&limit=1');
      expect(popular.body.items.map((e) => e.id)).toEqual([savedId]);
      const one = await fetch(`${server.url}/api/v1/recommendations/evaluations/${String(savedId)}`, { headers: { authorization: `Bearer ${server.secretKey}` } });
      expect(one.status).toBe(200);
      expect(await one.json()).toMatchObject({ id: savedId, algorithm: 'popular', k: 10, source: 'files' });
    } finally {
      await server.stop();
    }
  });
});
