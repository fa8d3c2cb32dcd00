import type { LifecycleStage } from '@rapport/contracts';

/** The name a person goes by on these pages: their name trait, else their e-mail, else their first identifier. */
export function personName(p: {
  name?: string | null;
  email?: string | null;
  userIds: readonly string[];
  anonymousIds: readonly string[];
}): string {
  const name = p.name?.trim();
  if (name !== undefined && name !== '') return name;
  const email = p.email?.trim();
  if (email !== undefined && email !== '') return email;
  const userId = p.userIds[0];
  return userId === undefined ? 'Anonymous visitor' : `User ${userId}`;
}

/** A trait as text, when it is one: `traits.name` may hold anything an app sent. */
export function textTrait(traits: Record<string, unknown>, key: string): string | null {
  const value = traits[key];
  return typeof value === 'string' ? value : null;
}

/** An amount in the shop's currency when the events gave one (ISO 4217), else a plain number. */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  if (currency !== null && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
    } catch {
      // An unknown code: the number alone below.
    }
  }
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(amount);
}

/** How long ago an ISO time was, in words ("3 days ago"). */
export function timeAgo(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86_400],
    ['month', 30 * 86_400],
    ['week', 7 * 86_400],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps)
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  return 'just now';
}

/** The lifecycle stages in plain words, with the workspace's thresholds left to the settings page (docs/segments.md). */
export const lifecycleWords: Record<LifecycleStage, { label: string; color: string; meaning: string }> = {
  new: { label: 'New', color: 'blue', meaning: 'First seen recently, and active.' },
  active: { label: 'Active', color: 'teal', meaning: 'Seen recently.' },
  at_risk: { label: 'At risk', color: 'yellow', meaning: 'Has not been seen for a while.' },
  lapsed: { label: 'Lapsed', color: 'orange', meaning: 'Has not been seen for a long while.' },
  churned: {
    label: 'Churned',
    color: 'red',
    meaning: 'Has not been seen for so long that they are probably gone.',
  },
};
