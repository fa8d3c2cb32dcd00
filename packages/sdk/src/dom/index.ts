/**
 * @rapport/sdk/dom — the web's renderer of in-app messages (modal, banner, toast, card), and a helper that puts a
 * placement's content into elements marked with data attributes. Pass the renderer to the client:
 * `createRapport({ writeKey, host, renderer: createDomRenderer() })`.
 */
export { createDomRenderer, type DomRendererOptions } from './dom-renderer.js';
export { renderPlacements, type RenderPlacementsOptions } from './placements.js';
