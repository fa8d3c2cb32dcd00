import cliProgress from 'cli-progress';

/** What `rapport recs evaluate` says while it works: on stderr, so that stdout holds only the table or the JSON. */
export interface EvaluationProgress {
  /** A phase without a known end (reading a file, the workspace's orders). */
  status(text: string): void;
  /** A phase with a known end: `share` in [0, 1]. */
  bar(label: string, share: number): void;
  /** A line that stays (an algorithm finished). */
  note(text: string): void;
  stop(): void;
}

const silent: EvaluationProgress = { status: () => undefined, bar: () => undefined, note: () => undefined, stop: () => undefined };

/**
 * A bar on stderr when it is a terminal; nothing in a log file, a pipe or a CI job, where bars are noise and a failure
 * must stay one line.
 */
export function evaluationProgress(stream: NodeJS.WriteStream = process.stderr): EvaluationProgress {
  if (!stream.isTTY) return silent;
  let bar: cliProgress.SingleBar | undefined;
  const clear = () => {
    if (bar !== undefined) {
      bar.stop();
      bar = undefined;
    }
    stream.write('\r\x1b[2K');
  };
  return {
    status(text) {
      clear();
      stream.write(` ${text}`);
    },
    bar(label, share) {
      const percent = Math.round(Math.min(1, Math.max(0, share)) * 100);
      if (bar === undefined) {
        clear();
        bar = new cliProgress.SingleBar({ stream, format: ' {label} |{bar}| {percentage}%', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(100, percent, { label });
      } else bar.update(percent, { label });
    },
    note(text) {
      clear();
      stream.write(` ${text}\n`);
    },
    stop: clear,
  };
}
