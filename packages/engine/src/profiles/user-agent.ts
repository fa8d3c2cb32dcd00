import { createRequire } from 'node:module';
import type { UAParser as UAParserClass } from 'ua-parser-js';

// Loaded on the first user agent parsed: only the processor parses them, and the other threads should not pay for
// loading the parser's rules at start-up.
let parser: typeof UAParserClass | undefined;
const uaParser = (): typeof UAParserClass => (parser ??= (createRequire(import.meta.url)('ua-parser-js') as { UAParser: typeof UAParserClass }).UAParser);

export interface ParsedUserAgent {
  readonly browser: { name: string | null; version: string | null } | null;
  readonly os: { name: string | null; version: string | null } | null;
  readonly deviceType: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
}

/**
 * Parses user agents with ua-parser-js, remembering the last 1,000: a shop's visitors share few distinct agents, and
 * parsing one takes tens of microseconds.
 */
export class UserAgentParser {
  readonly #cache = new Map<string, ParsedUserAgent>();

  parse(ua: string): ParsedUserAgent {
    const hit = this.#cache.get(ua);
    if (hit !== undefined) return hit;
    const r = new (uaParser())(ua.slice(0, 1000)).getResult();
    const parsed: ParsedUserAgent = {
      browser: r.browser.name ? { name: r.browser.name, version: r.browser.version ?? null } : null,
      os: r.os.name ? { name: r.os.name, version: r.os.version ?? null } : null,
      // ua-parser-js leaves the type empty for desktop browsers.
      deviceType: r.device.type ?? (r.browser.name ? 'desktop' : null),
      manufacturer: r.device.vendor ?? null,
      model: r.device.model ?? null,
    };
    if (this.#cache.size >= 1000) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(ua, parsed);
    return parsed;
  }
}
