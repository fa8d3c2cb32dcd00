import { setTimeout as sleep } from 'node:timers/promises';
import { readMetric } from './rapport-server.js';

export interface ProcessorCatchUp {
  /** Events accepted but not yet processed when the load stopped. */
  readonly lagEvents: number;
  /** Seconds from the end of the load until the lag was 0; undefined when it was not within the limit. */
  readonly catchUpSeconds: number | undefined;
}

const POLL_MS = 250;

/**
 * Waits for Rapport's processor (which runs behind the event log, in the server process) to process everything
 * accepted so far, polling `rapport_processor_lag_events`. The next phase then starts from an idle server.
 */
export async function waitForProcessor(url: string, limitSeconds: number): Promise<ProcessorCatchUp> {
  const started = performance.now();
  const lagEvents = await readMetric(url, 'rapport_processor_lag_events');
  let lag = lagEvents;
  while (lag > 0) {
    if (performance.now() - started > limitSeconds * 1000) return { lagEvents, catchUpSeconds: undefined };
    await sleep(POLL_MS);
    lag = await readMetric(url, 'rapport_processor_lag_events');
  }
  return { lagEvents, catchUpSeconds: (performance.now() - started) / 1000 };
}
