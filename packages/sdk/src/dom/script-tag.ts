/**
 * The script-tag build (dist/script/rapport.js, an IIFE exposing `window.Rapport`): the core and the DOM renderer.
 *
 * ```html
 * <script src="/rapport.js"></script>
 * <script>
 *   const rapport = Rapport.init({ writeKey: 'wk_…', host: 'https://rapport.shop.example' });
 *   rapport.page();
 * </script>
 * ```
 */
import { createRapport, type Rapport, type RapportOptions } from '../index.js';
import { createDomRenderer } from './dom-renderer.js';

export * from '../index.js';
export { createDomRenderer, renderPlacements } from './index.js';

/** A client that shows in-app messages with the DOM renderer unless `renderer` says otherwise. */
export function init(options: RapportOptions): Rapport {
  return createRapport({ renderer: createDomRenderer(), ...options });
}
