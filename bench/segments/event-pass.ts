import { hash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { orderRevenue } from '@rapport/engine';
import type { Progress } from '../ingest/progress.js';
import { personOf, type ShopShape } from './people.js';
import type { PeopleWritten } from './person-pass.js';
import { ProgressBar } from './progress-bar.js';
import { sessionEvents, type Catalog, type GeneratedEvent } from './sessions.js';
import { payloadHashInput, storedPayload } from './stored-payload.js';

/** Rows per transaction. */
const ROWS_PER_COMMIT = 50_000;
/** Message ids are kept for deduplication this long after receipt (RAPPORT_DEDUP_WINDOW_HOURS, default 48). */
const DEDUP_WINDOW_MS = 48 * 3_600_000;

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The events row's revenue, as the processor sets it: orders and refunds (a refund as a positive amount). */
function revenueOf(e: GeneratedEvent): number | null {
  if (e.event === 'Order Completed') return orderRevenue(obj(e.message['properties']));
  if (e.event === 'Order Refunded') return Math.abs(orderRevenue(obj(e.message['properties'])));
  return null;
}

/**
 * The second pass: every event in time order, seq 1, 2, 3 …, as a live shop's processor stores them. A session's events
 * are generated again when its first event comes up and forgotten after its last; each one is checked against the
 * time recorded in the first pass. The message ids of the last 48 hours are kept for deduplication, as the
 * maintenance job leaves them.
 */
export function writeEvents(o: {
  sqlite: BetterSqlite3.Database;
  shape: ShopShape;
  catalog: Catalog;
  workspaceId: string;
  people: PeopleWritten;
  progress: Progress;
}): {
  messageIds: number;
  payloadBytes: number;
} {
  const { sqlite, shape, workspaceId, people } = o;
  const { order, sessions } = people;
  o.progress.detail('sorting the events by time');
  order.sort();
  const insertEvent = sqlite.prepare(
    'INSERT INTO events (seq, workspace_id, profile_id, message_id, type, event, user_id, anonymous_id, timestamp, received_at, source, payload, flags, revenue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)',
  );
  const insertMessageId = sqlite.prepare(
    'INSERT INTO message_ids (workspace_id, message_id, payload_hash, seq, received_at, keep) VALUES (?, ?, ?, ?, ?, 0)',
  );
  const open = new Map<number, { events: GeneratedEvent[]; left: number }>();
  const generation = { seed: shape.seed, shapeStart: shape.start, catalog: o.catalog };
  const dedupFrom = shape.end - DEDUP_WINDOW_MS;
  let messageIds = 0;
  let payloadBytes = 0;
  const bar = new ProgressBar(o.progress, 'events', shape.events, 'rows');
  const writeSome = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const { session, position, unit } = order.at(k);
      let entry = open.get(session);
      if (entry === undefined) {
        const raw = sessions.person(session);
        const plan = sessions.plan(session);
        entry = {
          events: sessionEvents(generation, personOf(shape.seed, raw, people.counts[raw]!), plan),
          left: plan.size,
        };
        open.set(session, entry);
      }
      const e = entry.events[position]!;
      if (--entry.left === 0) open.delete(session);
      if (order.unitOf(e.t) !== unit)
        throw new Error(
          `session ${session} came out different the second time: the generator is not deterministic`,
        );
      const seq = k + 1;
      const payload = storedPayload(e);
      payloadBytes += payload.length;
      const profileId = people.profileIds[sessions.person(session)]!;
      const messageId = e.message['messageId'] as string;
      insertEvent.run(
        seq,
        workspaceId,
        profileId,
        messageId,
        e.type,
        e.event,
        e.userId,
        e.anonymousId,
        e.t,
        e.receivedAt,
        'http',
        payload,
        revenueOf(e),
      );
      if (e.receivedAt >= dedupFrom) {
        insertMessageId.run(
          workspaceId,
          messageId,
          hash('sha256', payloadHashInput(e), 'base64url'),
          seq,
          e.receivedAt,
        );
        messageIds++;
      }
    }
  });
  for (let k = 0; k < shape.events; k += ROWS_PER_COMMIT) {
    writeSome(k, Math.min(shape.events, k + ROWS_PER_COMMIT));
    bar.update(Math.min(shape.events, k + ROWS_PER_COMMIT));
  }
  bar.stop();
  if (open.size > 0) throw new Error(`${open.size} sessions were left unfinished`);
  return { messageIds, payloadBytes };
}
