import { useEffect } from 'react';

/** What a debounced call does: whether to ask at all, the call, and what to do with its outcome. */
export interface DebouncedCall<T> {
  /** Runs at once on each change; false: nothing is asked this time (the caller has set its own state). */
  start(): boolean;
  call(): Promise<T>;
  done(value: T): void;
  failed(error: unknown): void;
}

/**
 * Asks `run.call()` `ms` after `key` last changed — a live preview that follows typing without a request per key —
 * and hands its outcome over unless the key changed again meanwhile (the later call supersedes it).
 */
export function useDebouncedCall<T>(key: string, ms: number, run: DebouncedCall<T>): void {
  useEffect(() => {
    if (!run.start()) return;
    let current = true;
    const timer = setTimeout(() => {
      run.call().then(
        (value) => {
          if (current) run.done(value);
        },
        (error: unknown) => {
          if (current) run.failed(error);
        },
      );
    }, ms);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for everything `run` reads: `run` itself is a new object at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms]);
}
