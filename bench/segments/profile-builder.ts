import type { Purpose } from '@rapport/contracts';
import {
  applyConsentPreferences,
  applyTraits,
  emptyAnalytics,
  emptyPersonalization,
  isGranted,
  newProfile,
  profileToRow,
  reduceEvent,
  type UserAgentParser,
} from '@rapport/engine';
import { untouchedProduct, type ConsentChangeRow, type IdentityRow, type ProfileProductRow, type ProfileRow } from '@rapport/storage';
import type { Rng } from './random.js';
import type { GeneratedEvent } from './sessions.js';

/** What the processor would have written for one person after processing all their events. */
export interface BuiltProfile {
  readonly profile: ProfileRow;
  readonly identities: readonly IdentityRow[];
  readonly products: readonly ProfileProductRow[];
  readonly consent: readonly ConsentChangeRow[];
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Applies a person's events as the processor does (packages/engine/src/processor/slice-processor.ts, #apply): consent
 * choices first, emptying a feature group whose purpose was withdrawn, then traits and the engine's own reduceEvent;
 * product counts as the processor's slices add them up (distinct products counted from the product rows). Each event
 * is processed when it is received, so profile and identity times are times of receipt.
 */
export class ProfileBuilder {
  constructor(
    private readonly o: {
      workspaceId: string;
      purposes: readonly Purpose[];
      userAgents: UserAgentParser;
      locationDecimals: number;
    },
  ) {}

  build(events: readonly GeneratedEvent[], rng: Rng): BuiltProfile {
    const { workspaceId: ws, purposes } = this.o;
    const first = events[0]!;
    const profile = newProfile(ws, rng.uuid7(first.receivedAt), first.receivedAt);
    const identities = new Map<string, IdentityRow>();
    const products = new Map<string, ProfileProductRow>();
    const consent: ConsentChangeRow[] = [];
    const link = (kind: 'user' | 'anonymous', value: string | null, at: number) => {
      if (value === null || identities.has(`${kind}:${value}`)) return;
      identities.set(`${kind}:${value}`, {
        workspace_id: ws,
        kind,
        value,
        profile_id: profile.id,
        created_at: at,
      });
    };
    for (const e of events) {
      link('anonymous', e.anonymousId, e.receivedAt);
      link('user', e.userId, e.receivedAt);
      const context = obj(e.message['context']);
      const before = {
        analytics: isGranted(profile.consent, 'analytics', purposes),
        personalization: isGranted(profile.consent, 'personalization', purposes),
      };
      for (const c of applyConsentPreferences(
        profile.consent,
        obj(context['consent'])['categoryPreferences'],
        { at: e.t, source: 'event', purposes },
      )) {
        consent.push({
          id: rng.uuid7(e.receivedAt),
          workspace_id: ws,
          profile_id: profile.id,
          purpose: c.purpose,
          granted: c.granted ? 1 : 0,
          source: c.source,
          at: c.at,
          recorded_at: e.receivedAt,
          message_id: e.message['messageId'] as string,
        });
      }
      const analytics = isGranted(profile.consent, 'analytics', purposes);
      const personalization = isGranted(profile.consent, 'personalization', purposes);
      if (before.analytics && !analytics) Object.assign(profile.features, emptyAnalytics());
      if (before.personalization && !personalization) {
        Object.assign(profile.features, emptyPersonalization());
        products.clear();
      }
      if (e.type === 'identify') applyTraits(profile, obj(e.message['traits']), e.t);
      const touches = reduceEvent(
        profile.features,
        {
          type: e.type,
          event: e.event ?? undefined,
          properties: obj(e.message['properties']),
          context,
          t: e.t,
        },
        {
          analytics,
          personalization,
          categoryOf: () => null,
          userAgents: this.o.userAgents,
          locationDecimals: this.o.locationDecimals,
        },
      );
      for (const touch of touches) {
        const row = products.get(touch.productId) ?? untouchedProduct(ws, profile.id, touch.productId);
        row.views += touch.views;
        row.adds += touch.adds;
        row.purchases += touch.purchases;
        if (touch.views > 0) row.last_viewed_at = Math.max(row.last_viewed_at ?? touch.at, touch.at);
        if (touch.adds > 0) row.last_added_at = Math.max(row.last_added_at ?? touch.at, touch.at);
        if (touch.purchases > 0)
          row.last_purchased_at = Math.max(row.last_purchased_at ?? touch.at, touch.at);
        products.set(touch.productId, row);
      }
      profile.updatedAt = e.receivedAt;
    }
    const rows = [...products.values()];
    if (isGranted(profile.consent, 'personalization', purposes)) {
      profile.features.products = {
        viewed: rows.filter((r) => r.views > 0).length,
        added: rows.filter((r) => r.adds > 0).length,
        purchased: rows.filter((r) => r.purchases > 0).length,
      };
    }
    return { profile: profileToRow(profile), identities: [...identities.values()], products: rows, consent };
  }
}
