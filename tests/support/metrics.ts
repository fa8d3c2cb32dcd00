/** The value of an unlabelled counter or gauge in Prometheus text exposition; 0 when it has not been written yet. */
export function metricValue(exposition: string, name: string): number {
  return Number(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(exposition)?.[1] ?? 0);
}

/**
 * Waits (up to `timeoutMs`) until a counter of a running server reaches `expected`, and returns its last value.
 * Counters of the processor thread reach /metrics a moment after its effects reach the database.
 */
export async function metricReaching(url: string, name: string, expected: number, timeoutMs = 2000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = metricValue(await (await fetch(`${url}/metrics`)).text(), name);
    if (value >= expected || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
