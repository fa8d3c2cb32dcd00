import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configureDemo } from './demo-setup.js';
import { RapportAdmin } from './rapport-admin.js';
import { startShop } from './shop-server.js';

/**
 * `npm run demo`: starts Rapport (the built server, embedded SQLite in ./demo-data), imports the Online Retail data on
 * the first run, sets up the demo's recommenders, segments, placements and messages, and serves the shop.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = resolve(ROOT, 'packages/server/bundle/cli.js');
const DATA = process.env['RAPPORT_DEMO_DATA'] ?? resolve(ROOT, '../shared/data/online-retail/online-retail.csv.gz');
const RAPPORT_PORT = process.env['RAPPORT_PORT'] ?? '8700';
const SHOP_PORT = Number(process.env['DEMO_SHOP_PORT'] ?? '8800');
// Demo keys, for a demo on a laptop: never use these for a real shop.
const WRITE_KEY = 'wk_demo_gift_shop_write_key_0001';
const SECRET_KEY = 'sk_demo_gift_shop_secret_key_0001';
const DATA_DIR = process.env['RAPPORT_DATA_DIR'] ?? resolve(ROOT, 'demo-data');
/** Written once the import has finished: a stopped import is run again (it skips what it sent before). */
const IMPORTED = join(DATA_DIR, '.demo-imported');
const env = { RAPPORT_LOG_LEVEL: 'warn', ...process.env, RAPPORT_PORT, RAPPORT_DATA_DIR: DATA_DIR, RAPPORT_WRITE_KEY: WRITE_KEY, RAPPORT_SECRET_KEY: SECRET_KEY };

function run(args: string[], onOutput?: (text: string) => void): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', onOutput === undefined ? 'inherit' : 'pipe', 'inherit'] });
  child.stdout?.on('data', (d: Buffer) => {
    process.stdout.write(d);
    onOutput?.(d.toString());
  });
  return child;
}

/** The Rapport server this demo started: stopped with the demo, whatever stops it. */
let server: ChildProcess | undefined;

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`the server is not built (${CLI}): run npm run build`);
  // The import runs before the server, alone on the embedded database: it processes the history itself, faster than
  // a server would while it also trains models.
  if (!existsSync(IMPORTED)) {
    if (!existsSync(DATA)) throw new Error(`the Online Retail data is not at ${DATA}: set RAPPORT_DEMO_DATA to the file`);
    console.log(`Importing the Online Retail data (${DATA}) into ${DATA_DIR}: one to three minutes…`);
    const code = await new Promise<number | null>((done) => run(['import', DATA, '--format', 'online-retail']).once('exit', done));
    if (code !== 0) throw new Error(`the import failed (exit ${code})`);
    writeFileSync(IMPORTED, new Date().toISOString());
  }
  let printed = '';
  const started = run(['start'], (t) => (printed += t));
  server = started;
  const stop = () => started.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const url = await new Promise<string>((done, fail) => {
    const timer = setInterval(() => {
      const m = /API docs:\s+(http:\/\/[^/\s]+)\/docs/.exec(printed);
      if (m?.[1] !== undefined) {
        clearInterval(timer);
        done(m[1]);
      }
    }, 100);
    started.once('exit', (code) => fail(new Error(`Rapport exited with ${code}`)));
  });
  const admin = new RapportAdmin(url, SECRET_KEY);
  await configureDemo(admin, (line) => console.log(line));
  const shop = await startShop({ admin, rapportUrl: url, writeKey: WRITE_KEY, port: SHOP_PORT, analyticsNextDir: resolve(ROOT, 'node_modules/@segment/analytics-next/dist/umd') });
  console.log(`\nThe Gift Shop is open: ${shop.url} (open it on a phone-sized window)`);
  console.log(`Rapport's dashboard:   ${url}/app/ (use the setup link above on the first run)`);
  console.log(`Segment's analytics.js pointed at Rapport: ${shop.url}/analytics-next.html`);
  console.log('Ctrl-C stops both.');
  await new Promise((done) => started.once('exit', done));
  await shop.close();
}

main().catch((e: unknown) => {
  console.error(`The demo could not start: ${e instanceof Error ? e.message : String(e)}`);
  server?.kill('SIGTERM');
  process.exitCode = 1;
});
