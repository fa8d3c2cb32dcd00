import { tryRead } from './host.js';

/**
 * Where the SDK keeps the anonymous id, the consent choice, the session and the events not sent yet. Methods may be
 * synchronous (`window.localStorage` fits as is) or return promises (React Native's AsyncStorage fits as is).
 */
export interface Storage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** A storage that forgets everything when the page or the app closes (Node.js, tests, a refused localStorage). */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * The browser's localStorage when it can be used — reading it can throw (sandboxed frames) and writing it can
 * (storage full, or disabled) — else memory.
 */
export function defaultStorage(): Storage {
  const local = tryRead((h) => h.localStorage);
  if (local === undefined) return memoryStorage();
  try {
    local.setItem('rapport.probe', '1');
    local.removeItem('rapport.probe');
    return local;
  } catch {
    return memoryStorage();
  }
}
