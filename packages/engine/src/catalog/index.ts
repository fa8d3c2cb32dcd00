/** The product catalog. */
export { CatalogService, productView, normalizeCategory, type UpsertOutcome } from './catalog-service.js';
/** The catalog in memory as recommendations serve it, compared with the database at most once a second. */
export { ServingCatalog, CATALOG_CHECK_MS, type CatalogEntry } from './serving-catalog.js';
