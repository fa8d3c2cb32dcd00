import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU seconds of a /proc stat line (fields 14 and 15, after the command name in parentheses). */
function cpuSecondsOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds a server process has used so far: all its threads, and its main thread (which answers HTTP). */
export interface CpuSeconds {
  readonly process: number;
  readonly mainThread: number;
}

export function cpuSeconds(pid: number): CpuSeconds {
  return { process: cpuSecondsOf(`/proc/${pid}/stat`), mainThread: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`) };
}

/** CPU milliseconds per request between two readings (Linux accounts CPU time in ticks: 10 ms at USER_HZ 100). */
export interface CpuPerRequest {
  readonly processMs: number;
  readonly mainThreadMs: number;
}

export function cpuPerRequest(before: CpuSeconds, after: CpuSeconds, requests: number): CpuPerRequest {
  const per = (s: number) => (requests > 0 ? (s * 1000) / requests : 0);
  return { processMs: per(after.process - before.process), mainThreadMs: per(after.mainThread - before.mainThread) };
}
