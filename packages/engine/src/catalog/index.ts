/** The product catalog. */
export { CatalogService, productView, normalizeCategory, type UpsertOutcome } from './catalog-service.js';
