import type { MessageType } from '@rapport/contracts';
import type { IdentityKind } from '@rapport/storage';
import type { ProfileState } from '../profiles/index.js';

/** The identity operations a slice offers the resolver. */
export interface IdentityStore {
  lookup(kind: IdentityKind, value: string): ProfileState | undefined;
  link(kind: IdentityKind, value: string, profile: ProfileState): void;
  create(): ProfileState;
  /** True when the profile has a userId (in the database or linked in this slice). */
  hasUserId(profile: ProfileState): Promise<boolean>;
  /** Folds `loser` into `winner`; afterwards every lookup that led to `loser` leads to `winner`. */
  merge(winner: ProfileState, loser: ProfileState): Promise<void>;
}

export interface IdentifiedMessage {
  readonly type: MessageType;
  readonly userId?: string | null | undefined;
  readonly anonymousId?: string | null | undefined;
  readonly previousId?: string | undefined;
}

/**
 * Finds (or creates) the profile of a message and links its identifiers, merging profiles where the message shows
 * two of them are one person:
 * - a userId and an anonymousId on one message: the anonymous profile folds into the identified one, unless it already
 *   has another userId (a shared device): then the event goes to the userId's profile and nothing merges;
 * - alias(previousId → userId): the previous identity's profile folds into the userId's, whatever it holds — alias is
 *   the explicit instruction that both are one person;
 * - a message is attributed to its userId's profile when it has one, else to its anonymousId's.
 * Repeated merges and alias loops are harmless: identifiers that already lead to the same profile change nothing.
 */
export async function resolveProfile(m: IdentifiedMessage, ids: IdentityStore): Promise<ProfileState> {
  const userId = m.userId ?? undefined;
  const anonymousId = m.anonymousId ?? undefined;
  if (m.type === 'alias' && userId !== undefined && m.previousId !== undefined) {
    const current = ids.lookup('user', userId);
    const previous = ids.lookup('user', m.previousId) ?? ids.lookup('anonymous', m.previousId);
    if (current === undefined && previous === undefined) {
      const p = ids.create();
      ids.link('user', userId, p);
      ids.link('anonymous', m.previousId, p);
      return p;
    }
    if (previous === undefined) {
      ids.link('anonymous', m.previousId, current!);
      return current!;
    }
    if (current === undefined) {
      ids.link('user', userId, previous);
      return previous;
    }
    if (current.id !== previous.id) await ids.merge(current, previous);
    return current;
  }
  if (userId === undefined) {
    const known = ids.lookup('anonymous', anonymousId!);
    if (known !== undefined) return known;
    const p = ids.create();
    ids.link('anonymous', anonymousId!, p);
    return p;
  }
  const byUser = ids.lookup('user', userId);
  const byAnonymous = anonymousId === undefined ? undefined : ids.lookup('anonymous', anonymousId);
  if (byUser !== undefined) {
    if (byAnonymous === undefined) {
      if (anonymousId !== undefined) ids.link('anonymous', anonymousId, byUser);
    } else if (byAnonymous.id !== byUser.id && !(await ids.hasUserId(byAnonymous))) {
      await ids.merge(byUser, byAnonymous);
    }
    return byUser;
  }
  if (byAnonymous !== undefined && !(await ids.hasUserId(byAnonymous))) {
    ids.link('user', userId, byAnonymous);
    return byAnonymous;
  }
  const p = ids.create();
  ids.link('user', userId, p);
  if (anonymousId !== undefined && byAnonymous === undefined) ids.link('anonymous', anonymousId, p);
  return p;
}
