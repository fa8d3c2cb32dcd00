/**
 * `npm run bench:decide`: `POST /v1/decide` of the built server on the Online Retail shop — three placements per
 * request (a recommender rendered by name, a segment audience, a sort of 24 products) for customers and new
 * visitors, exposures recorded — at a fixed rate and at full speed, next to a bare Fastify endpoint measured the same
 * way in the same run; the targets marked PASS or FAIL. See bench/README.md. Data: Daqing Chen, London South Bank
 * University; UCI Machine Learning Repository; CC BY 4.0.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recommendationStrategies, type CreateRecommenderBody } from '@rapport/contracts';
import { BadOption, commandLine, numberOption } from '../command-line.js';
import { startChildServer } from '../ingest/child-server.js';
import { describeMachine, loadAtStartNoted } from '../ingest/machine.js';
import { Progress } from '../ingest/progress.js';
import { startRapport } from '../ingest/rapport-server.js';
import { loadRetailCatalog } from '../ingest/retail-catalog.js';
import type { DecideBenchResults } from './bench-results.js';
import { measureServer, exposureWatch, type LoadSettings } from './decide-loads.js';
import { decideRequests, linkVisitors, PAGE_ITEMS, VISITOR_MIX } from './decide-requests.js';
import { cleanEnv, importRetail, prepareShop } from './decide-shop.js';
import { renderReport } from './report.js';
import { RESULTS_DIR, writeResults } from './results-file.js';
import { PLACEMENT_KEYS } from './shop-definitions.js';

const options = {
  rate: { type: 'string', default: '500' },
  seconds: { type: 'string', default: '20' },
  'full-seconds': { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  connections: { type: 'string', default: '32' },
  picks: { type: 'string', default: 'collaborative' },
  'cpu-prof': { type: 'boolean', default: false },
  imported: { type: 'string' },
  'no-exposures': { type: 'boolean', default: false },
} as const;
const { values, settings, picksStrategy } = commandLine(
  'bench:decide',
  options,
  (values) => {
    const warmupSeconds = numberOption('warmup', values.warmup, 0);
    if (warmupSeconds === 0) throw new BadOption('--warmup must be more than 0 seconds');
    const picksStrategy = recommendationStrategies.find((s) => s === values.picks);
    if (picksStrategy === undefined) throw new BadOption(`--picks must be one of ${recommendationStrategies.join(', ')}`);
    const settings: LoadSettings = {
      requestsPerSecond: numberOption('rate', values.rate, 1),
      seconds: numberOption('seconds', values.seconds, 1),
      saturatedSeconds: numberOption('full-seconds', values['full-seconds'], 1),
      warmupSeconds,
      connections: numberOption('connections', values.connections, 1),
    };
    return { values, settings, picksStrategy };
  },
  { notes: { imported: 'a data directory with the Online Retail data imported already (skips the import)' } },
);

const progress = new Progress();
const startedAt = new Date().toISOString();
const loadAtStart = loadAtStartNoted(progress);
const BARE = resolve(import.meta.dirname, '../ingest/bare-endpoint.js');

progress.phase('reading the Online Retail customers and products');
const catalog = loadRetailCatalog();
const visitors = linkVisitors(catalog.customers.map((c) => c.id));
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-bench-decide-'));
const cpuProfileDir = values['cpu-prof']
  ? join(RESULTS_DIR, `decide-cpu-${startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}`)
  : undefined;
if (cpuProfileDir !== undefined) mkdirSync(cpuProfileDir, { recursive: true });
try {
  progress.phase('importing the Online Retail data into a fresh embedded database (rapport import)');
  const imported = await importRetail(dataDir, values.imported);
  progress.detail(`imported in ${imported.seconds.toFixed(0)} s`);
  const rapport = await startRapport({ dataDir, cpuProfileDir });
  let rapportLoads: DecideBenchResults['rapport'];
  let shop: Awaited<ReturnType<typeof prepareShop>>;
  let source: ReturnType<typeof decideRequests>;
  try {
    shop = await prepareShop({
      url: rapport.url,
      secretKey: imported.secretKey,
      authorization: rapport.authorization,
      visitors,
      picksStrategy: picksStrategy satisfies CreateRecommenderBody['strategy'],
      progress,
    });
    source = decideRequests({
      visitors,
      products: catalog.products,
      identitySecret: shop.identitySecret,
      recordExposure: !values['no-exposures'],
    });
    const watch = exposureWatch(rapport.url, progress);
    await watch.start();
    const headers = { authorization: rapport.authorization, 'content-type': 'application/json' };
    const loads = await measureServer(
      { ...settings, url: rapport.url, source, headers, name: 'Rapport', progress, pid: rapport.pid },
      watch.between,
    );
    rapportLoads = {
      ...loads,
      ...watch.result(),
      newVisitors: source.newVisitors(),
      peakRssBytes: rapport.peakRssBytes(),
    };
  } finally {
    await rapport.stop();
  }

  progress.phase(
    'the bare endpoint: Fastify in a process of its own, answering {"success":true} (bench/ingest/bare-endpoint.ts)',
  );
  const bare = await startChildServer({
    name: 'bare endpoint',
    script: BARE,
    env: cleanEnv(),
    listening: /bare endpoint listening on (http:\/\/\S+)/,
  });
  let bareLoads: DecideBenchResults['bare'];
  try {
    bareLoads = await measureServer({
      ...settings,
      url: bare.url,
      source,
      headers: { 'content-type': 'application/json' },
      name: 'bare endpoint',
      progress,
      pid: bare.pid,
    });
  } finally {
    await bare.stop();
  }

  const profile =
    cpuProfileDir === undefined
      ? undefined
      : readdirSync(cpuProfileDir).find((f) => f.endsWith('.cpuprofile'));
  const results: DecideBenchResults = {
    benchmark: 'decide',
    startedAt,
    wallSeconds: progress.elapsedSeconds(),
    machine: describeMachine(loadAtStart),
    settings: {
      ...settings,
      picksStrategy,
      placements: PLACEMENT_KEYS,
      pageItems: PAGE_ITEMS,
      visitorMix: { ...VISITOR_MIX, new: 1 - VISITOR_MIX.knownAnonymous - VISITOR_MIX.signedIn },
    },
    shop: {
      importSeconds: imported.seconds,
      customers: catalog.customers.length,
      products: catalog.products.length,
      models: shop.models,
      segment: shop.segment,
    },
    rapport: rapportLoads,
    bare: bareLoads,
    cpuProfile: cpuProfileDir === undefined || profile === undefined ? null : join(cpuProfileDir, profile),
  };
  process.stdout.write(`\n${renderReport(results)}\n`);
  progress.phase(`results written to ${writeResults(results)}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
