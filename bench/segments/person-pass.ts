import type BetterSqlite3 from 'better-sqlite3';
import { UserAgentParser } from '@rapport/engine';
import type { Purpose } from '@rapport/contracts';
import type { Progress } from '../ingest/progress.js';
import { EventOrder } from './event-order.js';
import { personOf, planPeople, planSessions, streams, type ShopShape } from './people.js';
import { ProfileBuilder } from './profile-builder.js';
import { ProgressBar } from './progress-bar.js';
import { Rng } from './random.js';
import { SessionTable } from './session-table.js';
import { sessionEvents, type Catalog, type GeneratedEvent } from './sessions.js';

export interface PeopleWritten {
  /** Profile id of each person, by their index in the plan. */
  readonly profileIds: readonly string[];
  readonly counts: Uint32Array;
  readonly sessions: SessionTable;
  readonly order: EventOrder;
  readonly stats: {
    identified: number;
    orders: number;
    refunds: number;
    identities: number;
    productRows: number;
    consentChanges: number;
  };
}

/** People per transaction. */
const PEOPLE_PER_COMMIT = 5000;

/**
 * The first pass: each person in turn, in the order their profiles were created — their visits and events, and what
 * the processor would hold for them (profile with traits, features and consent; identities; product counts;
 * consent history), written at once. Each event's time, session and position go into the event order for the second
 * pass, which writes the events themselves in time order.
 */
export function writePeople(o: {
  sqlite: BetterSqlite3.Database;
  shape: ShopShape;
  catalog: Catalog;
  workspaceId: string;
  purposes: readonly Purpose[];
  progress: Progress;
}): PeopleWritten {
  const { sqlite, shape, workspaceId } = o;
  const plan = planPeople(shape);
  const builder = new ProfileBuilder({
    workspaceId,
    purposes: o.purposes,
    userAgents: new UserAgentParser(),
    locationDecimals: 2,
  });
  const sessions = new SessionTable();
  const order = new EventOrder(shape.events, shape);
  const profileIds: string[] = new Array<string>(shape.profiles);
  const stats = { identified: 0, orders: 0, refunds: 0, identities: 0, productRows: 0, consentChanges: 0 };
  const insertProfile = sqlite.prepare(
    'INSERT INTO profiles (workspace_id, id, created_at, updated_at, merged_into, traits, trait_times, features, consent, groups) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)',
  );
  const insertIdentity = sqlite.prepare(
    'INSERT INTO identities (workspace_id, kind, value, profile_id, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertProduct = sqlite.prepare(
    'INSERT INTO profile_products (workspace_id, profile_id, product_id, views, adds, purchases, last_viewed_at, last_added_at, last_purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertConsent = sqlite.prepare(
    'INSERT INTO consent_changes (id, workspace_id, profile_id, purpose, granted, source, at, recorded_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const bar = new ProgressBar(o.progress, 'people', shape.profiles, 'people');
  const writeSome = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const raw = plan.order[k]!;
      const person = personOf(shape.seed, raw, plan.counts[raw]!);
      const events: GeneratedEvent[] = [];
      for (const session of planSessions(shape, person, plan.firstSeen[raw]!)) {
        const s = sessions.add(raw, session);
        const generated = sessionEvents(
          { seed: shape.seed, shapeStart: shape.start, catalog: o.catalog },
          person,
          session,
        );
        generated.forEach((e, position) => {
          order.add(e.t, s, position);
          events.push(e);
          if (e.event === 'Order Completed') stats.orders++;
          else if (e.event === 'Order Refunded') stats.refunds++;
        });
      }
      const built = builder.build(events, Rng.of(shape.seed, streams.person, raw, 1));
      const p = built.profile;
      profileIds[raw] = p.id;
      insertProfile.run(
        p.workspace_id,
        p.id,
        p.created_at,
        p.updated_at,
        p.traits,
        p.trait_times,
        p.features,
        p.consent,
        p.groups,
      );
      for (const i of built.identities)
        insertIdentity.run(i.workspace_id, i.kind, i.value, i.profile_id, i.created_at);
      for (const r of built.products)
        insertProduct.run(
          r.workspace_id,
          r.profile_id,
          r.product_id,
          r.views,
          r.adds,
          r.purchases,
          r.last_viewed_at,
          r.last_added_at,
          r.last_purchased_at,
        );
      for (const c of built.consent)
        insertConsent.run(
          c.id,
          c.workspace_id,
          c.profile_id,
          c.purpose,
          c.granted,
          c.source,
          c.at,
          c.recorded_at,
          c.message_id,
        );
      if (person.identified) stats.identified++;
      stats.identities += built.identities.length;
      stats.productRows += built.products.length;
      stats.consentChanges += built.consent.length;
    }
  });
  for (let k = 0; k < shape.profiles; k += PEOPLE_PER_COMMIT) {
    writeSome(k, Math.min(shape.profiles, k + PEOPLE_PER_COMMIT));
    bar.update(Math.min(shape.profiles, k + PEOPLE_PER_COMMIT));
  }
  bar.stop();
  return { profileIds, counts: plan.counts, sessions, order, stats };
}
