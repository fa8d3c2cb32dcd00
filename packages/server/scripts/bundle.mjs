// Bundles the compiled server (dist/ of every workspace package) into bundle/: the command line and the entry file of
// each worker thread, with the pure-JavaScript libraries they import. Node.js loads one bundle several times faster
// than the same code as some thousand ES modules (about 0.4 s instead of 1.3 s for `rapport --version` on the 2-core
// machine), which is most of `rapport start`'s start-up, and each worker thread loads its own modules again.
// `--if-stale` skips the bundle when it is newer than everything it is made from. Plain JavaScript: it runs before
// anything is compiled.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isFresh } from '../../../scripts/freshness.mjs';

const server = resolve(import.meta.dirname, '..');
const packages = resolve(server, '..');
const repository = resolve(packages, '..');
const out = join(server, 'bundle');
const stamp = join(out, '.build-stamp');

/** The command line, and every worker thread the engine starts (`new Worker(new URL('./….js', import.meta.url))`). */
const entries = {
  cli: join(server, 'dist/cli/cli.js'),
  'ingest-worker': join(packages, 'engine/dist/ingest/ingest-worker.js'),
  'processor-worker': join(packages, 'engine/dist/processor/processor-worker.js'),
  'training-worker': join(packages, 'engine/dist/recommendations/training/training-worker.js'),
  'log-worker': join(packages, 'engine/dist/ingest/log-worker.js'),
};

/**
 * Left to node_modules: native addons (better-sqlite3, pg's optional pg-native), packages that read their own files
 * next to their code at run time (the OpenAPI UI's assets, swagger's package.json, pino's transport threads,
 * @fastify/static), and ua-parser-js, which the engine loads with require on first use.
 */
const external = ['better-sqlite3', 'pg', 'pg-native', 'ua-parser-js', 'pino', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/static'];

const inputs = [
  ...['core', 'contracts', 'storage', 'engine', 'server'].map((name) => join(packages, name, 'dist')),
  join(repository, 'package-lock.json'),
  import.meta.filename,
];

if (process.argv.includes('--if-stale') && existsSync(join(out, 'cli.js')) && isFresh(stamp, inputs)) process.exit(0);

const started = performance.now();
rmSync(out, { recursive: true, force: true });
const { build } = await import('rolldown');
await build({
  input: entries,
  platform: 'node',
  external: (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`)),
  // Every thread keeps the source of what it loads as a string (V8 compiles functions lazily): without comments (but
  // the libraries' license notices) and with non-ASCII characters escaped, it is stored one byte a character instead
  // of two. The request thread's cli.js was 4.4 MB of its heap; the source maps still point into the packages.
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', sourcemap: true, comments: { legal: true, annotation: false, jsdoc: false }, charset: 'ascii' },
  logLevel: 'warn',
});

// A worker whose entry file (a module next to the code, `new URL('./….js', import.meta.url)`) is not in the bundle
// would fail only when the engine starts it: refuse the build instead.
for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
  const code = readFileSync(join(out, file), 'utf8');
  // `charset: 'ascii'` escapes code and strings; what is left outside ASCII is in license notices (a name with an
  // umlaut), which would make V8 keep the whole file two bytes a character: written as \u escapes, in a comment.
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(code)) writeFileSync(join(out, file), code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  for (const [, target] of code.matchAll(/new URL\("\.\/([^"]+\.js)", import\.meta\.url\)/g)) {
    if (!existsSync(join(out, target))) {
      console.error(`The bundle starts a worker from ${target} (in ${file}), which is not one of its entries: add it to packages/server/scripts/bundle.mjs.`);
      process.exit(1);
    }
  }
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.log(`Bundled the server into packages/server/bundle in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
