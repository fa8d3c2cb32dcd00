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

/** The one-minute load average now, printed as a warning when other work already uses half a CPU or more. */
export function loadAtStartNoted(progress: { phase(message: string): void }): number {
  const load = loadavg()[0]!;
  // Half a CPU already busy elsewhere is enough to move every figure of a 2-core machine.
  if (load > 0.5)
    progress.phase(
      `NOTE: the machine is busy (load average ${load.toFixed(1)}): absolute figures will be lower and noisier; compare the ratios`,
    );
  return load;
}

/** A plain-text table: columns `numeric` right-aligned, the others left-aligned, a rule under the header. */
export function textTable(
  header: readonly string[],
  cells: readonly (readonly string[])[],
  numeric: ReadonlySet<number>,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (numeric.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
