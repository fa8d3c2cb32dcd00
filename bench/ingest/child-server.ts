import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildServerOptions {
  /** What the log lines call it. */
  readonly name: string;
  readonly script: string;
  readonly args?: readonly string[];
  /** Node's own flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Matches the server's stdout once it listens; its first group is the base URL. */
  readonly listening: RegExp;
  /** Milliseconds to wait for `listening`. */
  readonly timeoutMs?: number;
}

/** A server under test, in a process of its own so that it never shares an event loop with the load generator. */
export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  /** Peak resident set size so far, in bytes (VmHWM of /proc/<pid>/status). */
  peakRssBytes(): number;
  /** Everything it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` ms; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

function procStatusKiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Starts `node <script>` and resolves once it prints the address it listens on. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), options.script, ...(options.args ?? [])],
    {
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${options.name} did not listen within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = (): void => {
      const found = options.listening.exec(output)?.[1];
      if (found === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      done(found);
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      fail(
        new Error(
          `${options.name} exited with ${child.exitCode ?? child.signalCode} before listening:\n${output}`,
        ),
      );
    });
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    peakRssBytes: () => procStatusKiB(pid, 'VmHWM') * 1024,
    output: () => output,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}
