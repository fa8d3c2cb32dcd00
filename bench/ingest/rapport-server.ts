import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.js';

/** The built command line: the benchmark measures what `npm start` runs. */
export const RAPPORT_CLI = resolve(import.meta.dirname, '../../../packages/server/bundle/cli.js');

export interface RapportServer extends ChildServer {
  readonly dataDir: string;
  /** `Basic base64(writeKey + ':')`, as Segment libraries send the write key. */
  readonly authorization: string;
}

export interface RapportOptions {
  /** A fresh directory for the embedded SQLite database. */
  readonly dataDir: string;
  /** When set, the server writes a V8 CPU profile (.cpuprofile) here when it exits. */
  readonly cpuProfileDir?: string | undefined;
}

/**
 * Starts `rapport start` on a free port with its embedded database in `dataDir`, rate limiting off (the benchmark is
 * one client sending as much as it can) and only warnings logged.
 */
export async function startRapport(options: RapportOptions): Promise<RapportServer> {
  const writeKey = `wk_bench_${randomBytes(12).toString('hex')}`;
  const env: Record<string, string> = {};
  // The caller's own RAPPORT_* settings would change what is measured; Rapport refuses unknown ones anyway.
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('RAPPORT_')) env[k] = v;
  Object.assign(env, {
    RAPPORT_PORT: '0',
    RAPPORT_DATA_DIR: options.dataDir,
    RAPPORT_WRITE_KEY: writeKey,
    RAPPORT_SECRET_KEY: `sk_bench_${randomBytes(12).toString('hex')}`,
    RAPPORT_RATE_LIMIT_PER_SECOND: '0',
    RAPPORT_LOG_LEVEL: 'warn',
    // As `npm start` runs it (package.json): glibc's malloc keeps at most two arenas (docs/operations.md, memory).
    MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2',
  });
  const server = await startChildServer({
    name: 'rapport',
    script: RAPPORT_CLI,
    args: ['start'],
    nodeFlags:
      options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir],
    env,
    listening: /API docs:\s+(http:\/\/[^/\s]+)\/docs/,
  });
  return {
    ...server,
    dataDir: options.dataDir,
    authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
  };
}

/** The sum of every series of a metric in the Prometheus text of GET /metrics. */
export async function readMetric(url: string, name: string): Promise<number> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const series = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
  let sum = 0;
  for (const match of (await response.text()).matchAll(series)) sum += Number(match[1]);
  return sum;
}
