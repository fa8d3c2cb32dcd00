/**
 * A person's choices per consent category: `{ analytics: true, personalization: true, marketing: false }`. Keys are
 * the workspace's purposes or the category names of a consent tool (`Functional`, `C0003`): the server matches them
 * to purposes by id or alias, case-insensitively (docs/privacy.md).
 */
export type ConsentPreferences = Readonly<Record<string, boolean>>;

/** The track event Segment's consent tools send when a person changes their choices (Segment's consent spec). */
export const CONSENT_UPDATED_EVENT = 'Segment Consent Preference Updated';

/**
 * What a person who has not chosen is taken to accept, as new workspaces have it (docs/privacy.md): analytics and
 * personalization are opt-out, marketing and advertising opt-in.
 */
export const DEFAULT_CONSENT: ConsentPreferences = { analytics: true, personalization: true, marketing: false, advertising: false };

/** The person's consent as the SDK applies it. */
export class ConsentState {
  constructor(
    /** The person's choices; null until they make one. */
    private choice: ConsentPreferences | null,
    /** Collect nothing until the person chooses (the workspace asks for opt-in). */
    private readonly requireConsent: boolean,
    private readonly defaults: ConsentPreferences,
  ) {}

  /** The choices made, merged with the earlier ones; null before any. */
  get preferences(): ConsentPreferences | null {
    return this.choice;
  }

  /** Records a choice (merged over the earlier ones); whether anything changed. */
  update(preferences: ConsentPreferences): boolean {
    const merged = { ...this.choice, ...preferences };
    const changed = this.choice === null || Object.keys(merged).some((k) => merged[k] !== this.choice?.[k]);
    this.choice = merged;
    return changed;
  }

  /** Whether a purpose is granted: as chosen (case-insensitive), else the default — none when consent is required. */
  granted(purpose: string): boolean {
    const wanted = purpose.toLowerCase();
    for (const [k, v] of Object.entries(this.choice ?? {})) if (k.toLowerCase() === wanted) return v;
    return !this.requireConsent && (Object.entries(this.defaults).find(([k]) => k.toLowerCase() === wanted)?.[1] ?? false);
  }

  /**
   * Whether events may be collected and ids stored: once some purpose is granted. Events carry the choices, and the
   * server uses each only for the purposes granted.
   */
  get collecting(): boolean {
    const purposes = new Set([...Object.keys(this.defaults), ...Object.keys(this.choice ?? {})]);
    return [...purposes].some((p) => this.granted(p));
  }
}
