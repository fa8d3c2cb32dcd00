import { createRapport, type Rapport } from '../client.js';
import type { SdkError } from '../failure.js';
import type { Lifecycle } from '../lifecycle.js';
import type { RapportOptions } from '../options.js';
import { memoryStorage, type Storage } from '../storage.js';

/** A client of a test server, with an in-memory storage (unless given), every absorbed error kept, and a hide button. */
export interface TestClient {
  readonly client: Rapport;
  readonly storage: Storage;
  readonly errors: SdkError[];
  /** Plays the page being hidden (visibilitychange to hidden). */
  hide(): void;
}

export const WRITE_KEY = 'wk_test_sdk';

export function testClient(url: string, options: Partial<RapportOptions> = {}): TestClient {
  const errors: SdkError[] = [];
  const storage = options.storage ?? memoryStorage();
  let onHide: (() => void) | undefined;
  const lifecycle: Lifecycle = {
    onHide: (listener) => {
      onHide = listener;
      return () => (onHide = undefined);
    },
  };
  const client = createRapport({ writeKey: WRITE_KEY, host: url, storage, lifecycle, flushIntervalMs: 50, onError: (e) => errors.push(e), ...options });
  return { client, storage, errors, hide: () => onHide?.() };
}

/** Waits `ms`. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
