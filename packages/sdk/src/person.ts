import type { ConsentPreferences } from './consent.js';
import { failureOf, type SdkError } from './failure.js';
import { uuid } from './ids.js';
import type { Storage } from './storage.js';

/** A session: its id, and when its last event was. */
export interface Session {
  readonly id: string;
  readonly last: number;
}

/**
 * Who the person is on this device — a random anonymous id, the userId and its token once signed in, the session —
 * and their copy in storage, which the client writes only while consent allows collection.
 */
export class Person {
  anonymousId = uuid();
  userId: string | undefined;
  userToken: string | undefined;
  session: Session | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
    private readonly onError: (error: SdkError) => void,
  ) {}

  /** Reads what a previous page or run stored; returns the stored consent choice. `given` ids win over stored ones. */
  async load(given: { readonly userId?: string; readonly userToken?: string }): Promise<ConsentPreferences | null> {
    try {
      const read = (name: string) => Promise.resolve(this.storage.getItem(this.prefix + name)).catch(() => null);
      const [anonymousId, userId, userToken, consent, session] = await Promise.all(['anonymousId', 'userId', 'userToken', 'consent', 'session'].map(read));
      if (anonymousId) this.anonymousId = anonymousId;
      this.userId = given.userId ?? userId ?? undefined;
      // A stored token signs the stored userId only.
      this.userToken = given.userToken ?? (given.userId !== undefined && given.userId !== userId ? undefined : (userToken ?? undefined));
      if (session) this.session = JSON.parse(session) as Session;
      return consent ? (JSON.parse(consent) as ConsentPreferences) : null;
    } catch (e) {
      this.onError(failureOf('storage', e));
      return null;
    }
  }

  /** Signs a person in (or changes the token); a new userId without a new token has none. */
  setUser(userId: string | undefined, userToken: string | undefined): void {
    if (userId !== this.userId) this.userToken = undefined;
    this.userId = userId;
    if (userToken !== undefined) this.userToken = userToken;
  }

  /** Forgets the person: a new anonymous id, no userId, no session. */
  reset(): void {
    this.userId = undefined;
    this.userToken = undefined;
    this.anonymousId = uuid();
    this.session = null;
  }

  /** Starts a session after `timeoutMs` without events, else extends it; whether one started. */
  touch(now: number, timeoutMs: number): boolean {
    const started = this.session === null || now - this.session.last > timeoutMs;
    this.session = { id: started || this.session === null ? uuid() : this.session.id, last: now };
    return started;
  }

  /** Stores the ids and the session. */
  async save(): Promise<void> {
    await Promise.all([
      this.write('anonymousId', this.anonymousId),
      this.write('userId', this.userId ?? null),
      this.write('userToken', this.userToken ?? null),
      this.write('session', this.session === null ? null : JSON.stringify(this.session)),
    ]);
  }

  /** Removes the stored ids and session (the person withdrew their consent); the ones in memory serve this page. */
  async forget(): Promise<void> {
    await Promise.all(['anonymousId', 'userId', 'userToken', 'session'].map((name) => this.write(name, null)));
  }

  /** Writes a key (null removes it); failures are reported, never thrown. */
  async write(name: string, value: string | null): Promise<void> {
    try {
      if (value === null) await this.storage.removeItem(this.prefix + name);
      else await this.storage.setItem(this.prefix + name, value);
    } catch (e) {
      this.onError(failureOf('storage', e));
    }
  }
}
