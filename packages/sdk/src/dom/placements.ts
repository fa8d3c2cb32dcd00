import type { DecideResult, Rapport } from '../index.js';
import { safeUrl } from '../index.js';

/** Options of renderPlacements. */
export interface RenderPlacementsOptions {
  /** Where to look for placements. Default: the whole document. */
  readonly root?: ParentNode;
  /** Tracks `Experience Clicked` (placement, experience, variant, decisionId) when a link or button inside is clicked. */
  readonly client?: Rapport;
}

/**
 * Puts a decide() answer into the page, into elements marked with data attributes — no templates in the page, and
 * text only:
 *
 * ```html
 * <section data-rapport-placement="home_hero">
 *   <h2 data-rapport-field="title">Our shop</h2>           <!-- textContent = content.title -->
 *   <img data-rapport-src="image" alt="">                 <!-- src = content.image, if a safe URL -->
 *   <a data-rapport-href="ctaUrl" data-rapport-field="ctaText" href="/shop">Shop</a>
 * </section>
 * ```
 *
 * What the page holds stays as it is where a decision has no content (nothing matched) or lacks a field. Returns the
 * number of placements filled.
 */
export function renderPlacements(result: DecideResult, options: RenderPlacementsOptions = {}): number {
  const root = options.root ?? document;
  let filled = 0;
  for (const decision of result.decisions) {
    const content = decision.content;
    if (content === null) continue;
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(`[data-rapport-placement="${CSS.escape(decision.placement)}"]`))) {
      const within = (attr: string) => [el, ...Array.from(el.querySelectorAll<HTMLElement>(`[${attr}]`))].filter((e) => e.hasAttribute(attr));
      for (const e of within('data-rapport-field')) {
        const value = content[e.getAttribute('data-rapport-field') ?? ''];
        if (value !== undefined) e.textContent = value;
      }
      for (const [attr, target] of [['data-rapport-href', 'href'], ['data-rapport-src', 'src']] as const) {
        for (const e of within(attr)) {
          const url = safeUrl(content[e.getAttribute(attr) ?? '']);
          if (url !== null) e.setAttribute(target, url);
        }
      }
      el.setAttribute('data-rapport-decision', decision.decisionId);
      if (options.client !== undefined && !el.hasAttribute('data-rapport-tracked')) {
        el.setAttribute('data-rapport-tracked', '');
        const client = options.client;
        el.addEventListener('click', (event) => {
          if (!(event.target instanceof Element) || event.target.closest('a, button') === null) return;
          client.track('Experience Clicked', {
            placement: decision.placement,
            experience: decision.experience?.key ?? null,
            variant: decision.variant,
            decisionId: el.getAttribute('data-rapport-decision') ?? decision.decisionId,
          });
        });
      }
      filled++;
    }
  }
  return filled;
}
