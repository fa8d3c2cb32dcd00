/** The value of an unlabelled counter or gauge in Prometheus text exposition; 0 when it has not been written yet. */
export function metricValue(exposition: string, name: string): number {
  return Number(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(exposition)?.[1] ?? 0);
}
