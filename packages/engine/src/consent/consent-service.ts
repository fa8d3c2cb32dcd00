import { consentUpdatedEvent, type ConsentSource, type ConsentViewBody, type SetConsentBody } from '@rapport/contracts';
import { err, ok, type Result } from '@rapport/core';
import { parseJson, type ConsentChangeRow, type Database, type ProfileRow, type Repositories } from '@rapport/storage';
import type { Workspace } from '../workspaces/index.js';
import { consentView, type ConsentRecord } from './consent-state.js';

export interface ConsentServiceDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspace: (id: string) => Promise<Workspace>;
  /** The live profile an id leads to. */
  readonly findProfile: (workspaceId: string, id: string) => Promise<ProfileRow | undefined>;
  /** Records a message through ingestion (source `admin`); resolves with its seq in the log. */
  readonly record: (workspaceId: string, message: Record<string, unknown>) => Promise<number>;
  /** Resolves true once the event at `seq` is processed. */
  readonly waitProcessed: (seq: number, timeoutMs: number) => Promise<boolean>;
}

export type ConsentView = ConsentViewBody;

function historyItem(r: ConsentChangeRow) {
  return {
    purpose: r.purpose,
    granted: r.granted === 1,
    source: r.source as ConsentSource,
    at: new Date(r.at).toISOString(),
    recordedAt: new Date(r.recorded_at).toISOString(),
    messageId: r.message_id,
  };
}

/**
 * Consent through the admin API. A change is recorded as the event Segment's consent tools send
 * ("Segment Consent Preference Updated"), through the same log as every other event, so that it is ordered with the
 * person's events, kept in their history and applied by the one processor.
 */
export class ConsentService {
  constructor(private readonly deps: ConsentServiceDependencies) {}

  async get(workspaceId: string, id: string): Promise<ConsentView | undefined> {
    const profile = await this.deps.findProfile(workspaceId, id);
    if (profile === undefined) return undefined;
    const { settings } = await this.deps.workspace(workspaceId);
    const history = await this.deps.repos.consent.ofProfiles(this.deps.database.kysely, workspaceId, [profile.id]);
    return {
      profileId: profile.id,
      purposes: consentView(parseJson<Record<string, ConsentRecord>>(profile.consent), settings.purposes),
      history: history.map(historyItem),
    };
  }

  /**
   * Records choices for purposes, waits (up to 5 s) until they are applied, and returns the person's consent. An
   * unknown purpose is refused with its name; nothing is recorded then. Undefined when no profile has this id.
   */
  async set(workspaceId: string, id: string, body: SetConsentBody): Promise<Result<ConsentView | undefined, string[]>> {
    const unknown = await this.#unknownPurposes(workspaceId, body);
    if (unknown.length > 0) return err(unknown);
    const profile = await this.deps.findProfile(workspaceId, id);
    if (profile === undefined) return ok(undefined);
    const identities = await this.deps.repos.profiles.identitiesOf(this.deps.database.kysely, workspaceId, [profile.id]);
    const user = identities.find((i) => i.kind === 'user');
    const anonymous = identities.find((i) => i.kind === 'anonymous');
    await this.#record(workspaceId, user === undefined ? { anonymousId: anonymous?.value } : { userId: user.value }, body);
    return ok(await this.get(workspaceId, profile.id));
  }

  /**
   * The same, for a person named by their own ids (the person themselves, from the preference center), known yet or
   * not: the choice may be their first event. Undefined when it was not applied within 5 s.
   */
  async setFor(workspaceId: string, who: { readonly userId?: string | undefined; readonly anonymousId?: string | undefined }, body: SetConsentBody): Promise<Result<ConsentView | undefined, string[]>> {
    const unknown = await this.#unknownPurposes(workspaceId, body);
    if (unknown.length > 0) return err(unknown);
    await this.#record(workspaceId, who, body);
    const id = who.userId ?? who.anonymousId;
    return ok(id === undefined ? undefined : await this.get(workspaceId, id));
  }

  async #unknownPurposes(workspaceId: string, body: SetConsentBody): Promise<string[]> {
    const { settings } = await this.deps.workspace(workspaceId);
    return Object.keys(body.purposes).filter((p) => !settings.purposes.some((q) => q.id === p));
  }

  /** Records the choice as the event Segment's consent tools send, and waits (up to 5 s) until it is applied. */
  async #record(workspaceId: string, who: { readonly userId?: string | undefined; readonly anonymousId?: string | undefined }, body: SetConsentBody): Promise<void> {
    const seq = await this.deps.record(workspaceId, {
      type: 'track',
      event: consentUpdatedEvent,
      ...(who.userId === undefined ? { anonymousId: who.anonymousId } : { userId: who.userId }),
      ...(body.at === undefined ? {} : { timestamp: body.at }),
      properties: {},
      context: { consent: { categoryPreferences: body.purposes } },
    });
    await this.deps.waitProcessed(seq, 5000);
  }
}
