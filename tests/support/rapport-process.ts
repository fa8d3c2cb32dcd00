import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built command line (bundled): integration tests run what `npm start` runs. */
export const CLI = resolve(import.meta.dirname, '../../packages/server/bundle/cli.js');

export interface RapportProcess {
  readonly url: string;
  readonly writeKey: string;
  readonly secretKey: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /** Reuse a data directory (a restart); a fresh temporary one otherwise. */
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  readonly writeKey?: string;
  readonly secretKey?: string;
  /** Milliseconds to wait for the server to listen. */
  readonly timeoutMs?: number;
}

/**
 * Starts `rapport start` as a child process on a free port, with keys set through the environment (as an automated
 * deployment would), and resolves once it listens. The database is the embedded one in `dataDir` unless `env` sets
 * RAPPORT_DATABASE_URL.
 */
export async function spawnRapport(options: SpawnOptions = {}): Promise<RapportProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rapport-it-'));
  const writeKey = options.writeKey ?? `wk_test_${randomBytes(12).toString('hex')}`;
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('RAPPORT_')) env[k] = v;
  Object.assign(env, { RAPPORT_PORT: '0', RAPPORT_DATA_DIR: dataDir, RAPPORT_WRITE_KEY: writeKey, RAPPORT_SECRET_KEY: secretKey, RAPPORT_LOG_LEVEL: 'warn' }, options.env);
  const child = spawn(process.execPath, [CLI, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`rapport did not start within ${options.timeoutMs ?? 15_000} ms:\n${output}`)), options.timeoutMs ?? 15_000);
    const check = () => {
      const match = /API docs:\s+(http:\/\/[^/\s]+)\/docs/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`rapport exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    writeKey,
    secretKey,
    dataDir,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** What a command that ran to its end printed, and its exit code. */
export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command of the built command line to its end (`rapport import …`, `rapport recs evaluate …`), with only the
 * given RAPPORT_* variables (warnings and errors logged).
 */
export function runRapport(args: readonly string[], env: Record<string, string>): Promise<CommandRun> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('RAPPORT_')) clean[k] = v;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...clean, RAPPORT_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

/** Removes a data directory made by `spawnRapport`. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Waits until the processor of a running server has caught up with everything acknowledged so far (`/readyz` reports
 * no lag), so that what the admin API shows is complete.
 */
export async function waitForProcessor(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { processorLagEvents?: number };
    if (res.status === 200 && body.processorLagEvents === 0) return;
    if (Date.now() > deadline) throw new Error(`the processor did not catch up within ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
