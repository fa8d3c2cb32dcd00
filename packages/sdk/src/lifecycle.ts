import { host } from './host.js';

/**
 * Tells the SDK when the page or the app goes to the background, so that it hands its queue over before it may be
 * killed. React Native: `{ onHide: (fn) => { const s = AppState.addEventListener('change', (st) => st !== 'active' &&
 * fn()); return () => s.remove(); } }`.
 */
export interface Lifecycle {
  /** Calls `listener` whenever the page or app is hidden; returns a function that stops it. */
  onHide(listener: () => void): () => void;
}

/**
 * Browsers: `visibilitychange` to hidden (the last event a page reliably gets on mobile, where pagehide and unload
 * often never come) and `pagehide` (desktop navigation, the back-forward cache). Undefined elsewhere.
 */
export function browserLifecycle(): Lifecycle | undefined {
  const h = host();
  const doc = h.document;
  if (doc?.addEventListener === undefined) return undefined;
  return {
    onHide(listener) {
      const visibility = () => {
        if (doc.visibilityState === 'hidden') listener();
      };
      doc.addEventListener?.('visibilitychange', visibility);
      h.addEventListener?.('pagehide', listener);
      return () => {
        doc.removeEventListener?.('visibilitychange', visibility);
        h.removeEventListener?.('pagehide', listener);
      };
    },
  };
}
