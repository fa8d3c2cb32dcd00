/** Line numbers kept per reason, to point at examples without holding every skipped line. */
const EXAMPLES = 5;

/** What an import left out for one reason: how many, and the file lines of the first few. */
export interface SkipCount<R extends string = string> {
  readonly reason: R;
  readonly count: number;
  /** Line numbers in the file (the header is line 1) of the first few. */
  readonly lines: readonly number[];
}

/** Counts what is skipped, by reason, in the order reasons first occur. */
export class SkipTally<R extends string> {
  readonly #counts = new Map<R, { count: number; lines: number[] }>();

  add(reason: R, line: number): void {
    const entry = this.#counts.get(reason) ?? { count: 0, lines: [] };
    entry.count++;
    if (entry.lines.length < EXAMPLES) entry.lines.push(line);
    this.#counts.set(reason, entry);
  }

  list(): SkipCount<R>[] {
    return [...this.#counts].map(([reason, { count, lines }]) => ({ reason, count, lines: [...lines] }));
  }
}
