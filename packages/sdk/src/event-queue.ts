import type { SdkError } from './failure.js';
import { failureOf } from './failure.js';
import type { Storage } from './storage.js';

/** A message as sent to /v1/batch: Segment's shape (type, messageId, timestamp, ids, context, …). */
export type SdkEvent = Readonly<Record<string, unknown>> & { readonly type: string; readonly messageId: string };

/** What is stored under the queue's key. */
interface StoredQueue {
  readonly v: 1;
  readonly events: SdkEvent[];
  readonly dropped: number;
}

/** The length of a string in UTF-8 bytes, without encoding it. */
export function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4; // a surrogate pair: one code point of 4 bytes
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The events not sent yet, oldest first, mirrored to storage after every change so that they survive a closed tab,
 * a killed app or a phone that stays offline for days. Bounded: past `maxSize` the oldest go, and are counted
 * (`dropped`) — a week offline must not fill a phone's storage.
 */
export class EventQueue {
  private events: SdkEvent[] = [];
  private droppedCount = 0;
  private dirty = false;
  private writing = false;

  constructor(
    private readonly storage: Storage,
    private readonly key: string,
    private readonly maxSize: number,
    private readonly onError: (error: SdkError) => void,
  ) {}

  /** Reads the events a previous page or run left, ahead of any queued since. */
  async load(): Promise<void> {
    try {
      const text = await this.storage.getItem(this.key);
      if (text === null) return;
      const stored = JSON.parse(text) as Partial<StoredQueue>;
      const known = new Set(this.events.map((e) => e.messageId));
      const previous = Array.isArray(stored.events) ? stored.events.filter((e) => typeof e?.messageId === 'string' && !known.has(e.messageId)) : [];
      this.events = [...previous, ...this.events];
      this.droppedCount += typeof stored.dropped === 'number' ? stored.dropped : 0;
      this.trim();
    } catch (e) {
      // Unreadable (another version's, or cut short): start empty rather than never sending again.
      this.onError(failureOf('storage', e));
    }
  }

  /** Events waiting. */
  get size(): number {
    return this.events.length;
  }

  /** Events lost because the queue was full, since it was first stored. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(event: SdkEvent): void {
    this.events.push(event);
    this.trim();
    this.save();
  }

  /** The oldest events that fit in `maxCount` and `maxBytes` of JSON — always at least one, when any wait. */
  take(maxCount: number, maxBytes: number): SdkEvent[] {
    const out: SdkEvent[] = [];
    let bytes = 0;
    for (const event of this.events) {
      const size = byteLength(JSON.stringify(event)) + 1;
      if (out.length > 0 && (out.length >= maxCount || bytes + size > maxBytes)) break;
      out.push(event);
      bytes += size;
    }
    return out;
  }

  /** Forgets events by messageId: delivered, or refused for good. */
  remove(events: readonly SdkEvent[]): void {
    const ids = new Set(events.map((e) => e.messageId));
    this.events = this.events.filter((e) => !ids.has(e.messageId));
    this.save();
  }

  private trim(): void {
    const over = this.events.length - this.maxSize;
    if (over <= 0) return;
    this.events.splice(0, over);
    this.droppedCount += over;
  }

  /** Writes the queue, one write at a time, the latest state last (a burst of events costs one or two writes). */
  private save(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = true;
    void this.write();
  }

  private async write(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const state: StoredQueue = { v: 1, events: this.events, dropped: this.droppedCount };
        try {
          await this.storage.setItem(this.key, JSON.stringify(state));
        } catch (e) {
          this.onError(failureOf('storage', e));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
