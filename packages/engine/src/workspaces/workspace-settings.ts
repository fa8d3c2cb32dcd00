import type { LifecycleSettings, MessagingSettings, Purpose, RfmSettings, WorkspaceSettings } from '@rapport/contracts';

/**
 * The purposes a new workspace starts with. Analytics and personalization are opt-out (granted until the person says
 * otherwise), marketing and advertising opt-in: the common reading of the ePrivacy rules for a shop's own first-party
 * data. A shop that needs opt-in for everything sets every default to "denied" (docs/privacy.md).
 *
 * Aliases are the category names consent tools send in `context.consent.categoryPreferences`: Segment's consent
 * manager uses the shop's own names, OneTrust uses C0002 (performance), C0003 (functional), C0004 (targeting).
 */
export const defaultPurposes: readonly Purpose[] = [
  {
    id: 'analytics',
    name: 'Analytics',
    description: 'Measuring how the shop is used, to improve it.',
    default: 'granted',
    aliases: ['Analytics', 'Performance', 'Statistics', 'C0002'],
  },
  {
    id: 'personalization',
    name: 'Personalization',
    description: 'Choosing products and content for you from what you viewed and bought.',
    default: 'granted',
    aliases: ['Personalization', 'Personalisation', 'Functional', 'Preferences', 'C0003'],
  },
  {
    id: 'marketing',
    name: 'Marketing',
    description: 'Sending you offers by e-mail, push or SMS and showing you promotions.',
    default: 'denied',
    aliases: ['Marketing', 'Email', 'Communications'],
  },
  {
    id: 'advertising',
    name: 'Advertising',
    description: 'Sharing data with advertising partners to show you ads elsewhere.',
    default: 'denied',
    aliases: ['Advertising', 'Targeting', 'C0004'],
  },
];

export function defaultSettings(): WorkspaceSettings {
  return {
    purposes: defaultPurposes.map((p) => ({ ...p, aliases: [...p.aliases] })),
    retention: { eventsDays: null, rejectedDays: 30 },
    lifecycle: { ...defaultLifecycle },
    rfm: { ...defaultRfm },
    messaging: { ...defaultMessaging },
  };
}

/** The intrusiveness budget of a new workspace: at most 2 promotional messages per person per day. */
export const defaultMessaging: MessagingSettings = { promotionalPerDay: 2 };

/** Lifecycle thresholds of a new workspace, in days. */
export const defaultLifecycle: LifecycleSettings = { newDays: 14, atRiskDays: 30, lapsedDays: 90, churnedDays: 180 };

/** The RFM model of a new workspace: all orders, refreshed every day. */
export const defaultRfm: RfmSettings = { windowDays: null, refreshHours: 24 };

/** Settings as stored, completed with the defaults of sections added since they were written. */
export function completeSettings(stored: Partial<WorkspaceSettings> & Pick<WorkspaceSettings, 'purposes' | 'retention'>): WorkspaceSettings {
  return { ...stored, lifecycle: { ...defaultLifecycle, ...stored.lifecycle }, rfm: { ...defaultRfm, ...stored.rfm }, messaging: { ...defaultMessaging, ...stored.messaging } };
}

/** Finds the purpose a consent category names: its id or one of its aliases, ignoring case. */
export function purposeOfCategory(purposes: readonly Purpose[], category: string): Purpose | undefined {
  const c = category.toLowerCase();
  return purposes.find((p) => p.id === c || p.aliases.some((a) => a.toLowerCase() === c));
}
