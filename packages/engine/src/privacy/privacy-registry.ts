import type { Executor, TableName } from '@rapport/storage';

/** A person, as every store of personal data finds their rows. */
export interface PrivacySubject {
  readonly workspaceId: string;
  /** The live profile. */
  readonly profileId: string;
  /** The live profile and the profiles merged into it. */
  readonly profileIds: readonly string[];
  readonly userIds: readonly string[];
  readonly anonymousIds: readonly string[];
}

/** How one module exports and erases the personal data it keeps. */
export interface PersonalDataStore {
  /** The name used in exports and erasure reports. */
  readonly name: string;
  /** The tables whose rows about a person this store covers. */
  readonly tables: readonly TableName[];
  exportRecords(db: Executor, subject: PrivacySubject): AsyncIterable<Record<string, unknown>>;
  /** Deletes the person's rows; returns how many. */
  erase(db: Executor, subject: PrivacySubject): Promise<number>;
}

/**
 * Every table is either covered by a registered store or declared as holding no personal data, with the reason; a
 * test compares this with the tables of the database, so that a new table cannot forget privacy.
 */
export class PrivacyRegistry {
  readonly #stores: PersonalDataStore[] = [];
  readonly #nonPersonal = new Map<TableName, string>();

  register(store: PersonalDataStore): void {
    if (this.#stores.some((s) => s.name === store.name)) throw new Error(`personal data store ${store.name} registered twice`);
    this.#stores.push(store);
  }

  declareNonPersonal(table: TableName, reason: string): void {
    this.#nonPersonal.set(table, reason);
  }

  get stores(): readonly PersonalDataStore[] {
    return this.#stores;
  }

  /** Tables covered by a store, and tables declared free of personal data with why. */
  coverage(): { personal: Set<TableName>; nonPersonal: ReadonlyMap<TableName, string> } {
    return { personal: new Set(this.#stores.flatMap((s) => s.tables)), nonPersonal: this.#nonPersonal };
  }
}
