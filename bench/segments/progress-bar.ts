import cliProgress from 'cli-progress';
import type { Progress } from '../ingest/progress.js';

/** Progress through a long step with its rate: a bar on a terminal, a line every tenth of the way otherwise. */
export class ProgressBar {
  readonly #bar: cliProgress.SingleBar | undefined;
  readonly #started = performance.now();
  #nextTenth = 1;

  constructor(
    private readonly progress: Progress,
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
  ) {
    if (process.stderr.isTTY) {
      this.#bar = new cliProgress.SingleBar(
        {
          format: ` ${label} |{bar}| {percentage}% · {value}/{total} ${unit} · {rate} ${unit}/s · {eta_formatted} left`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total, 0, { rate: 0 });
    }
  }

  update(done: number): void {
    const rate = Math.round(done / this.seconds());
    if (this.#bar !== undefined) {
      this.#bar.update(done, { rate: rate.toLocaleString('en-US') });
      return;
    }
    if (done >= (this.#nextTenth * this.total) / 10) {
      this.#nextTenth = Math.floor((done * 10) / this.total) + 1;
      this.progress.detail(
        `${this.label}: ${Math.round((done / this.total) * 100)} % (${done.toLocaleString('en-US')} ${this.unit}, ${rate.toLocaleString('en-US')} ${this.unit}/s)`,
      );
    }
  }

  /** Stops the bar; returns the seconds since it started. */
  stop(): number {
    this.#bar?.stop();
    return this.seconds();
  }

  seconds(): number {
    return (performance.now() - this.#started) / 1000;
  }
}
