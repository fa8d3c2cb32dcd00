// Builds the dashboard into dist/: a type check (tsc), then the bundle (Vite). `--if-stale` skips both when the last
// build is newer than every file it was made from, so that `npm start` (which builds first) stays fast; the build
// leaves dist/.build-stamp for that. Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { isFresh } from '../../../scripts/freshness.mjs';

const dashboard = resolve(import.meta.dirname, '..');
const repository = resolve(dashboard, '../..');
const stamp = join(dashboard, 'dist', '.build-stamp');

/** Everything the bundle is made from: its sources and config, the contracts' sources, the installed versions. */
const inputs = [
  join(dashboard, 'src'),
  join(dashboard, 'index.html'),
  join(dashboard, 'vite.config.ts'),
  join(dashboard, 'tsconfig.json'),
  join(dashboard, 'package.json'),
  join(repository, 'packages/contracts/src'),
  join(repository, 'tsconfig.base.json'),
  join(repository, 'package-lock.json'),
];

function isBuilt() {
  return existsSync(join(dashboard, 'dist', 'index.html')) && isFresh(stamp, inputs);
}

if (process.argv.includes('--if-stale') && isBuilt()) process.exit(0);

const started = performance.now();
const require = createRequire(import.meta.url);
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dashboard, '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('The dashboard does not type-check (above): it was not built.');
  process.exit(tsc.status ?? 1);
}
const { build } = await import('vite');
await build({ root: dashboard, configFile: join(dashboard, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.log(`Built the dashboard into packages/dashboard/dist in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
