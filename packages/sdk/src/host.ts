/**
 * What the core reads from the platform it runs on, typed here because the core is compiled without the DOM's types
 * (and without Node.js's): browsers have most of it, React Native some, Node.js other parts. Everything but the timers
 * is optional and looked up when used, so that tests may replace globals (fake timers) after the client is made.
 */
export interface HostGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  readonly fetch?: (url: string, init: HostFetchInit) => Promise<HostFetchResponse>;
  readonly AbortController?: new () => { readonly signal: unknown; abort(): void };
  readonly crypto?: { getRandomValues?(array: Uint8Array): Uint8Array };
  readonly navigator?: {
    readonly language?: string;
    readonly userAgent?: string;
    sendBeacon?(url: string, data: string): boolean;
  };
  readonly localStorage?: HostLocalStorage;
  readonly document?: {
    readonly visibilityState?: string;
    readonly title?: string;
    readonly referrer?: string;
    addEventListener?(type: string, listener: () => void): void;
    removeEventListener?(type: string, listener: () => void): void;
  };
  readonly location?: { readonly href: string; readonly pathname: string; readonly search: string };
  readonly screen?: { readonly width: number; readonly height: number };
  readonly devicePixelRatio?: number;
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

/** The part of `fetch`'s options the core uses. */
export interface HostFetchInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal?: unknown;
  readonly keepalive?: boolean;
  readonly credentials?: string;
}

/** The part of a `fetch` response the core reads. */
export interface HostFetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** `window.localStorage` (synchronous). */
export interface HostLocalStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The global object, seen through the types above. */
export function host(): HostGlobals {
  return globalThis as unknown as HostGlobals;
}

/**
 * The value of a global that may throw when read: `localStorage` does in Safari's private windows of old and in
 * sandboxed frames, `document.title` never does but costs nothing to guard.
 */
export function tryRead<T>(read: (h: HostGlobals) => T): T | undefined {
  try {
    return read(host());
  } catch {
    return undefined;
  }
}
