/** Prints one line per phase, prefixed with the seconds since the run began, so a long run shows where it is. */
export class Progress {
  readonly #started = performance.now();

  /** Seconds since the run began. */
  elapsedSeconds(): number {
    return (performance.now() - this.#started) / 1000;
  }

  phase(message: string): void {
    process.stdout.write(`[${this.elapsedSeconds().toFixed(0).padStart(4)} s] ${message}\n`);
  }

  /** A result under the phase it belongs to. */
  detail(message: string): void {
    process.stdout.write(`         ${message}\n`);
  }
}
