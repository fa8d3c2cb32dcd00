import { untouchedProduct, type ConsentChangeRow, type EventRow, type Executor, type IdentityRow, type MessageIdRow, type ProfileProductRow, type RejectedRow, type Repositories } from '@rapport/storage';
import { profileToRow, type ProductTouch, type ProfileState } from '../profiles/index.js';
import { writeMembershipDiff, type MembershipDiff, type PreparedEvaluation } from '../segments/index.js';

const key = (a: string, b: string) => `${a}\u0000${b}`;

/** Changes to rows already in the database, made in the order the slice's events asked for them. */
type RowOperation = { readonly kind: 'merge'; readonly from: string; readonly to: string } | { readonly kind: 'forget'; readonly profileId: string };

/**
 * What a slice will write, gathered while its events are processed and written at once at the end. Rows name
 * profiles by id; ids of profiles merged during the slice are redirected when written.
 */
export class SliceWrites {
  readonly events: EventRow[] = [];
  readonly messageIds: MessageIdRow[] = [];
  readonly links: IdentityRow[] = [];
  readonly consent: ConsentChangeRow[] = [];
  readonly rejected: RejectedRow[] = [];
  /**
   * Segment membership of the people the slice changed: their facts were read by `prepare`; the evaluation runs once
   * the profiles are final (distinct product counts are known only here) and its changes are written last.
   */
  segments: PreparedEvaluation | undefined;
  /** The membership changes `flush` wrote (none before it ran). */
  membershipDiff: MembershipDiff | undefined;
  /** Profiles whose distinct product counts must be counted again from their rows (after a merge). */
  readonly recount = new Set<string>();
  readonly #touches = new Map<string, ProfileProductRow>();
  readonly #operations: RowOperation[] = [];

  constructor(private readonly workspaceId: string) {}

  /** Adds to a person's counts for a product; `existing` carries the times of a row being moved by a merge. */
  touch(profileId: string, touch: ProductTouch, existing?: ProfileProductRow): void {
    const k = key(profileId, touch.productId);
    const row = this.#touches.get(k) ?? untouchedProduct(this.workspaceId, profileId, touch.productId);
    const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
    row.views += touch.views;
    row.adds += touch.adds;
    row.purchases += touch.purchases;
    row.last_viewed_at = later(row.last_viewed_at, existing ? existing.last_viewed_at : touch.views > 0 ? touch.at : null);
    row.last_added_at = later(row.last_added_at, existing ? existing.last_added_at : touch.adds > 0 ? touch.at : null);
    row.last_purchased_at = later(row.last_purchased_at, existing ? existing.last_purchased_at : touch.purchases > 0 ? touch.at : null);
    this.#touches.set(k, row);
  }

  /**
   * Profile `from` was merged into `to`: its rows (events, identities, product counts, consent history) will move, and
   * its pending product counts move now.
   */
  merge(from: string, to: string): void {
    this.#operations.push({ kind: 'merge', from, to });
    this.#moveTouches(from, to);
    this.recount.add(to);
  }

  /** The person withdrew consent to personalization: their product counts go, stored and pending. */
  forget(profileId: string): void {
    this.#operations.push({ kind: 'forget', profileId });
    this.#dropTouches(profileId);
  }

  #moveTouches(from: string, to: string): void {
    for (const [k, t] of [...this.#touches]) {
      if (t.profile_id !== from) continue;
      this.#touches.delete(k);
      this.touch(to, { productId: t.product_id, views: t.views, adds: t.adds, purchases: t.purchases, at: 0 }, t);
    }
  }

  #dropTouches(profileId: string): void {
    for (const [k, t] of [...this.#touches]) if (t.profile_id === profileId) this.#touches.delete(k);
    this.recount.delete(profileId);
  }

  /**
   * Writes everything: first the operations on stored rows, in order, then the new rows, then the profiles (distinct
   * product counts move with the product rows written, so profiles go last). `resolve` maps a profile id to the profile it was merged into, if any.
   */
  async flush(db: Executor, repos: Repositories, profiles: ReadonlyMap<string, ProfileState>, dirty: ReadonlySet<string>, resolve: (id: string) => string): Promise<void> {
    const ws = this.workspaceId;
    for (const op of this.#operations) {
      if (op.kind === 'forget') {
        await repos.profileProducts.deleteOfProfiles(db, ws, [op.profileId]);
        continue;
      }
      await repos.events.reassignProfile(db, ws, op.from, op.to);
      await repos.profiles.reassignIdentities(db, ws, op.from, op.to);
      await repos.profileProducts.merge(db, ws, op.from, op.to);
      await repos.consent.reassign(db, ws, op.from, op.to);
      // Membership follows the person: the merged profile's rows go (the slice's segment diff gives the person theirs).
      await repos.segments.removeMembershipsOf(db, ws, [op.from]);
      await repos.segments.reassignChanges(db, ws, op.from, op.to);
      await repos.rfm.deleteScoresOf(db, ws, [op.from]);
      await repos.profiles.redirectMerged(db, ws, op.from, op.to);
    }
    const links = new Map(this.links.map((l) => [key(l.kind, l.value), { ...l, profile_id: resolve(l.profile_id) }]));
    await repos.profiles.insertIdentities(db, [...links.values()]);
    await repos.events.insertMany(db, this.events.map((e) => ({ ...e, profile_id: resolve(e.profile_id) })));
    await repos.ingest.insertMessageIds(db, this.messageIds);
    await repos.consent.insertMany(db, this.consent.map((c) => ({ ...c, profile_id: resolve(c.profile_id) })));
    await repos.ingest.insertRejected(db, this.rejected);

    const touches = [...this.#touches.values()];
    const applied = await repos.profileProducts.increment(db, touches);
    const byKey = new Map(touches.map((t) => [key(t.profile_id, t.product_id), t]));
    for (const row of applied) {
      const profile = profiles.get(row.profile_id);
      const t = byKey.get(key(row.profile_id, row.product_id));
      if (profile === undefined || t === undefined || this.recount.has(profile.id)) continue;
      // Counts only grow, so a count equal to this slice's increment was zero before: a product new to the person.
      const p = profile.features.products;
      if (t.views > 0 && row.views === t.views) p.viewed++;
      if (t.adds > 0 && row.adds === t.adds) p.added++;
      if (t.purchases > 0 && row.purchases === t.purchases) p.purchased++;
    }
    for (const id of this.recount) {
      const profile = profiles.get(id);
      if (profile !== undefined && profile.mergedInto === null) profile.features.products = await repos.profileProducts.distinctCounts(db, this.workspaceId, id);
    }
    await repos.profiles.upsertProfiles(db, [...dirty].map((id) => profiles.get(id)).filter((p): p is ProfileState => p !== undefined).map(profileToRow));
    for (const op of this.#operations) {
      const survivor = op.kind === 'merge' ? profiles.get(resolve(op.to)) : undefined;
      if (survivor !== undefined) await repos.profiles.keepEarliestCreation(db, ws, survivor.id, survivor.createdAt);
    }
    if (this.segments !== undefined) await writeMembershipDiff(db, repos, ws, (this.membershipDiff = this.segments.diff()));
  }
}
