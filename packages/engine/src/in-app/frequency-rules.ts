import type { Frequency } from '@rapport/contracts';

/** A message shown or dismissed, as the SDK tracked it (or as delivered, until that event is processed). */
export interface MessageHistoryEntry {
  readonly kind: 'shown' | 'dismissed';
  readonly message: string;
  readonly at: number;
  readonly sessionId: string | null;
  /** The delivery it was (the `deliveryId` property); null for events without one. */
  readonly deliveryId: string | null;
  /** Whether the message was promotional (needs a purpose): it counts against the daily budget. */
  readonly promotional: boolean;
}

/** What frequency rules are checked against. */
export interface FrequencyInputs {
  readonly history: readonly MessageHistoryEntry[];
  readonly sessionId: string | null;
  readonly now: number;
  /** The start of the person's day (local midnight), Unix ms. */
  readonly dayStart: number;
  /** The workspace's intrusiveness budget: promotional messages per person per day. */
  readonly promotionalPerDay: number;
}

const HOUR = 3_600_000;

/**
 * Why a message may not show now by its frequency rules or the intrusiveness budget, or null when it may. The
 * budget counts every promotional message shown today, whichever it was; service messages neither count nor are held.
 */
export function frequencyHold(message: { readonly key: string; readonly frequency: Frequency; readonly promotional: boolean }, inputs: FrequencyInputs): string | null {
  const { history, now, dayStart } = inputs;
  const shown = history.filter((h) => h.kind === 'shown' && h.message === message.key);
  const f = message.frequency;
  if (f.total !== undefined && shown.length >= f.total) return `already shown ${shown.length} times (at most ${f.total})`;
  if (f.perDay !== undefined) {
    const today = shown.filter((h) => h.at >= dayStart).length;
    if (today >= f.perDay) return `already shown ${today} times today (at most ${f.perDay} a day)`;
  }
  if (f.perSession !== undefined) {
    if (inputs.sessionId !== null) {
      const inSession = shown.filter((h) => h.sessionId === inputs.sessionId).length;
      if (inSession >= f.perSession) return `already shown ${inSession} times in this session (at most ${f.perSession})`;
    }
  }
  if (f.cooldownAfterDismissHours !== undefined) {
    const dismissed = history.filter((h) => h.kind === 'dismissed' && h.message === message.key).reduce((last, h) => Math.max(last, h.at), -Infinity);
    const until = dismissed + f.cooldownAfterDismissHours * HOUR;
    if (now < until) return `dismissed ${Math.max(1, Math.round((now - dismissed) / HOUR))} h ago (${f.cooldownAfterDismissHours} h pause after a dismissal)`;
  }
  if (message.promotional) {
    const promos = history.filter((h) => h.kind === 'shown' && h.promotional && h.at >= dayStart).length;
    if (promos >= inputs.promotionalPerDay) return `the daily limit of ${inputs.promotionalPerDay} promotional messages is reached`;
  }
  return null;
}
