/** A UTC day of the API (`YYYY-MM-DD`) as a short date in the reader's language ("3 Mar"): the day is UTC's. */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** A count with the reader's digit grouping. */
export function count(n: number): string {
  return n.toLocaleString();
}

/** A share in [0, 1] as a whole percentage; "—" without anything to divide. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** A wait in seconds as a person says it: "40 seconds", "3 minutes", "2 hours". */
export function waited(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} second${Math.round(seconds) === 1 ? '' : 's'}`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** "1 event", "3 events". */
export function counted(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
