import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, as its results file records it. */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  /** One-minute load average before and after the run: other work on the machine lowers every figure. */
  readonly loadAverage: { readonly atStart: number; readonly atEnd: number };
}

/** This machine, now, with the load average `loadAtStart` measured when the run began. */
export function describeMachine(loadAtStart: number): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg()[0]! },
  };
}
