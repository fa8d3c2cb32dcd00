import type { BehaviourRow, EventNameRead, Executor, Repositories } from '@rapport/storage';
import { byTimeThenSeq, earliest, eventName, from, propertiesOf, type FactsNeeds } from './person-facts.js';
import { projectProperties, type PropertyTree } from './property-path.js';
import type { MembershipDiff } from './membership-diff.js';
import type { FactEvent } from './rule-context.js';

/** What some stored events of a person cover: per name from when (and their payloads from when), and event times. */
interface Coverage {
  readonly reads: ReadonlyMap<string, EventNameRead>;
  /** From when the time of every event is there (null: ever; undefined: not read). */
  readonly anySince: number | null | undefined;
}

const coverageOf = (needs: FactsNeeds): Coverage => ({ reads: needs.names, anySince: needs.anyEventSince });

/** What covers all of them (a person whose rules read more is read once for all). */
function unionOf(...parts: readonly Coverage[]): Coverage {
  const reads = new Map<string, EventNameRead>();
  let anySince: number | null | undefined;
  for (const part of parts) {
    for (const want of part.reads.values()) {
      const have = reads.get(want.name);
      const since = earliest(have?.since, want.since);
      const propertiesSince = earliest(have?.propertiesSince, want.propertiesSince);
      reads.set(want.name, { name: want.name, since, ...(propertiesSince === undefined ? {} : { propertiesSince }) });
    }
    anySince = earliest(anySince, part.anySince);
  }
  return { reads, anySince };
}

/** A person's stored events kept: what they were read for, and what they gave. */
interface Entry extends Coverage {
  /** The property trees (FactsNeeds#propertiesKey) their properties were cut to. */
  readonly propertiesKey: string;
  readonly properties: ReadonlyMap<string, PropertyTree>;
  readonly events: FactEvent[];
  readonly times: number[];
  /** Estimated bytes. */
  weight: number;
}

/**
 * A person's stored events as the rules need them: those of the names they read, oldest first, with the parts of
 * their properties that filters read; and event times.
 */
export interface StoredBehaviour {
  readonly events: readonly FactEvent[];
  readonly times: readonly number[];
}

/** Whether what was read from `have` covers a read from `want` (null: ever; undefined: not read). */
function covers(have: number | null | undefined, want: number | null): boolean {
  return have !== undefined && (have === null || (want !== null && have <= want));
}

const EVENT_BYTES = 96;
const TIME_BYTES = 8;

/** A rough size of a value kept: enough to bound the cache, not exact. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length;
  if (value === null || typeof value !== 'object') return 8;
  let n = 32;
  for (const v of Array.isArray(value) ? value : Object.values(value)) n += 16 + sizeOf(v);
  return n;
}

/** An event as the rules read it, its properties cut to what the filters on its name read. */
function factOf(row: BehaviourRow, read: EventNameRead, trees: ReadonlyMap<string, PropertyTree>): FactEvent {
  const name = eventName(row);
  let properties: Record<string, unknown> | null = null;
  if (row.payload !== null && from(read.propertiesSince, row.timestamp)) {
    const tree = trees.get(name);
    properties = tree === undefined ? {} : (projectProperties(propertiesOf(row.payload), tree) as Record<string, unknown>);
  }
  return { seq: row.seq, name, timestamp: row.timestamp, properties };
}

function weightOf(e: FactEvent): number {
  return EVENT_BYTES + (e.properties === null ? 0 : sizeOf(e.properties));
}

/**
 * What the processor keeps of people between slices for live segments: their stored events as the rules read them,
 * and their stored memberships. A person whose visit spreads over many slices is read once; each slice's events and
 * membership changes are added to what is kept once it commits, as are the time sweep's. Only the processor's thread
 * writes events and memberships, but for erasures and the retention purge: they are counted, and a count other than the
 * one the cache was filled under empties it, as does a cursor moved by another process (`validate`). Merged people are
 * read afresh; a rebuild of a segment empties the memberships kept. Bounded by an estimate of its size: the people
 * not used for longest go first.
 */
export class PeopleCache {
  readonly #entries = new Map<string, Entry>();
  /** Stored memberships: profile → segment → entered at. */
  readonly #memberships = new Map<string, Map<string, number>>();
  #membershipCount = 0;
  readonly #maxMemberships: number;
  readonly #maxBytes: number;
  #bytes = 0;
  #cursor: number | undefined;
  #removals: number | undefined;
  #hits = 0;
  #misses = 0;

  constructor(options: { maxBytes?: number; maxMemberships?: number } = {}) {
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.#maxMemberships = options.maxMemberships ?? 100_000;
  }

  /**
   * Keeps what is cached when the processor's cursor (omitted between slices: where the last slice left it) and the
   * count of removals are those it was filled under; empties it otherwise.
   */
  validate(removals: number, cursor = this.#cursor): void {
    if (removals === this.#removals && cursor === this.#cursor) return;
    this.clear();
    this.#removals = removals;
    this.#cursor = cursor;
  }

  /**
   * After a slice committed: adds its events (`stored`, by profile, as written) to the people kept, and forgets
   * `forget` (people merged in the slice, whose events moved).
   */
  committed(stored: ReadonlyMap<string, readonly BehaviourRow[]>, forget: Iterable<string>): void {
    for (const id of forget) {
      this.#drop(id);
      this.#dropMemberships(id);
    }
    for (const [id, rows] of stored) {
      const entry = this.#entries.get(id);
      if (entry !== undefined) this.#add(entry, rows);
    }
    this.#evict();
  }

  /** After a transaction moved the processor's cursor to `cursor` (its slices told what they `committed`). */
  advanced(cursor: number): void {
    this.#cursor = cursor;
  }

  /**
   * The stored events of some people (none merged in the current slice) that `needs` reads, read where not kept. A
   * person is read for `wide` (what every segment of the workspace reads, at least `needs`), so that the next slice,
   * whichever of their segments it evaluates, finds them kept; their properties are cut to what `wide`'s filters read.
   */
  async read(db: Executor, repos: Repositories, workspaceId: string, profileIds: readonly string[], needs: FactsNeeds, wide: FactsNeeds = needs): Promise<Map<string, StoredBehaviour>> {
    const found = new Map<string, StoredBehaviour>();
    const missing: string[] = [];
    for (const id of profileIds) {
      const entry = this.#entries.get(id);
      if (entry !== undefined && entry.propertiesKey === wide.propertiesKey && this.#covers(entry, needs)) {
        this.#hits++;
        // Used last: kept longest.
        this.#entries.delete(id);
        this.#entries.set(id, entry);
        found.set(id, entry);
      } else missing.push(id);
    }
    if (missing.length === 0) return found;
    this.#misses += missing.length;
    const { reads, anySince } = wide === needs ? coverageOf(needs) : unionOf(coverageOf(needs), coverageOf(wide));
    const events = new Map<string, FactEvent[]>(missing.map((id) => [id, []]));
    const times = new Map<string, number[]>(missing.map((id) => [id, []]));
    for (const row of await repos.events.behaviourOf(db, workspaceId, missing, [...reads.values()])) events.get(row.profile_id)!.push(factOf(row, reads.get(eventName(row))!, wide.properties));
    if (anySince !== undefined) for (const row of await repos.events.timesOf(db, workspaceId, missing, anySince)) times.get(row.profile_id)!.push(row.timestamp);
    for (const id of missing) {
      const e = events.get(id)!;
      const t = times.get(id)!;
      let weight = t.length * TIME_BYTES;
      for (const f of e) weight += weightOf(f);
      const entry: Entry = { reads, anySince, propertiesKey: wide.propertiesKey, properties: wide.properties, events: e, times: t, weight };
      this.#drop(id);
      this.#entries.set(id, entry);
      this.#bytes += weight;
      found.set(id, entry);
    }
    this.#evict();
    return found;
  }

  /** The stored memberships of some people (none merged in the current slice), read where not kept. */
  async memberships(db: Executor, repos: Repositories, workspaceId: string, profileIds: readonly string[]): Promise<Map<string, ReadonlyMap<string, number>>> {
    const found = new Map<string, ReadonlyMap<string, number>>();
    const missing: string[] = [];
    for (const id of profileIds) {
      const kept = this.#memberships.get(id);
      if (kept === undefined) {
        missing.push(id);
        continue;
      }
      this.#memberships.delete(id);
      this.#memberships.set(id, kept);
      found.set(id, kept);
    }
    if (missing.length > 0) {
      const read = new Map<string, Map<string, number>>(missing.map((id) => [id, new Map()]));
      for (const r of await repos.segments.membershipsOf(db, workspaceId, missing)) read.get(r.profile_id)!.set(r.segment_id, r.entered_at);
      for (const [id, own] of read) {
        this.#memberships.set(id, own);
        this.#membershipCount += own.size + 1;
        found.set(id, own);
      }
      this.#evictMemberships();
    }
    return found;
  }

  /** After a membership diff was committed: the people kept follow it (an entry kept keeps its time, as stored). */
  membershipsWritten(diff: Pick<MembershipDiff, 'add' | 'remove'>): void {
    for (const r of diff.remove) {
      const own = this.#memberships.get(r.profileId);
      if (own !== undefined && own.delete(r.segmentId)) this.#membershipCount--;
    }
    for (const r of diff.add) {
      const own = this.#memberships.get(r.profile_id);
      if (own !== undefined && !own.has(r.segment_id)) {
        own.set(r.segment_id, r.entered_at);
        this.#membershipCount++;
      }
    }
    this.#evictMemberships();
  }

  /** Forgets every membership kept (a rebuild or a deleted segment wrote many at once). */
  forgetMemberships(): void {
    this.#memberships.clear();
    this.#membershipCount = 0;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.forgetMemberships();
  }

  /** People whose events are kept, their estimated bytes, and reads answered from memory or the database so far. */
  stats(): { people: number; bytes: number; hits: number; misses: number; memberships: number } {
    return { people: this.#entries.size, bytes: this.#bytes, hits: this.#hits, misses: this.#misses, memberships: this.#memberships.size };
  }

  #covers(entry: Entry, needs: FactsNeeds): boolean {
    for (const want of needs.names.values()) {
      const have = entry.reads.get(want.name);
      if (have === undefined || !covers(have.since, want.since)) return false;
      if (want.propertiesSince !== undefined && !covers(have.propertiesSince, want.propertiesSince)) return false;
    }
    return needs.anyEventSince === undefined || covers(entry.anySince, needs.anyEventSince);
  }

  #add(entry: Entry, rows: readonly BehaviourRow[]): void {
    const before = entry.weight;
    for (const row of rows) {
      const read = entry.reads.get(eventName(row));
      if (read !== undefined && from(read.since, row.timestamp)) {
        const fact = factOf(row, read, entry.properties);
        const last = entry.events[entry.events.length - 1];
        entry.events.push(fact);
        // Events may come late (their own time, before ones kept already): keep the order the rules read in.
        if (last !== undefined && byTimeThenSeq(last, fact) > 0) entry.events.sort(byTimeThenSeq);
        entry.weight += weightOf(fact);
      }
      if (from(entry.anySince, row.timestamp)) {
        const last = entry.times[entry.times.length - 1];
        entry.times.push(row.timestamp);
        if (last !== undefined && last > row.timestamp) entry.times.sort((a, b) => a - b);
        entry.weight += TIME_BYTES;
      }
    }
    this.#bytes += entry.weight - before;
  }

  #drop(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#bytes -= entry.weight;
  }

  #dropMemberships(id: string): void {
    const own = this.#memberships.get(id);
    if (own === undefined) return;
    this.#memberships.delete(id);
    this.#membershipCount -= own.size + 1;
  }

  #evictMemberships(): void {
    for (const id of this.#memberships.keys()) {
      if (this.#membershipCount <= this.#maxMemberships) return;
      this.#dropMemberships(id);
    }
  }

  #evict(): void {
    for (const id of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes) return;
      this.#drop(id);
    }
  }
}
