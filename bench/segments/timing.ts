/** Times of one measurement: a warm-up (dropped), then `runs` timed runs, in milliseconds. */
export interface Timed<T> {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** What the last run returned. */
  readonly result: T;
}

/** Runs `fn` once to warm caches up, then `runs` times, and keeps the median time. */
export async function timed<T>(runs: number, fn: () => Promise<T>): Promise<Timed<T>> {
  await fn();
  const runsMs: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await fn();
    runsMs.push(performance.now() - started);
  }
  return { medianMs: median(runsMs), runsMs, result: result! };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
