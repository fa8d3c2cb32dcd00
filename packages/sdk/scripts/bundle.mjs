// Builds the script-tag SDK (dist/script/rapport.js): one minified file, an IIFE that sets `window.Rapport` — the
// core and the DOM renderer — for shops that add a <script> rather than a bundler. Made from the TypeScript sources
// by rolldown, lowered to ES2018 (Safari 12, the browsers of most phones still in use). `--if-stale` skips it when it
// is newer than everything it is made from. Plain JavaScript: it runs before anything is compiled.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isFresh } from '../../../scripts/freshness.mjs';

const sdk = resolve(import.meta.dirname, '..');
const repository = resolve(sdk, '../..');
const out = join(sdk, 'dist', 'script');
const file = join(out, 'rapport.js');
const stamp = join(out, '.build-stamp');
const inputs = [join(sdk, 'src'), join(sdk, 'package.json'), join(repository, 'package-lock.json'), import.meta.filename];

if (process.argv.includes('--if-stale') && existsSync(file) && isFresh(stamp, inputs)) process.exit(0);

const started = performance.now();
mkdirSync(out, { recursive: true });
const { build } = await import('rolldown');
const result = await build({
  input: join(sdk, 'src/dom/script-tag.ts'),
  platform: 'browser',
  transform: { target: 'es2018' },
  output: { file, format: 'iife', name: 'Rapport', minify: true, sourcemap: true },
  logLevel: 'warn',
});
const code = result.output[0].code;
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.log(
  `Bundled the script-tag SDK into packages/sdk/dist/script/rapport.js (${(gzipSync(code).length / 1024).toFixed(1)} KB gzipped) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
