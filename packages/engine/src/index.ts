/**
 * @rapport/engine — what Rapport does, independent of HTTP: ingestion, the processor, identity, profiles, consent,
 * catalog, privacy and retention. `createEngine` wires the modules; each module is also exported for the server's
 * routes and for tools.
 */
export { createEngine, type Engine, type EngineDependencies, type EngineSettings } from './engine.js';
export * from './workspaces/index.js';
export * from './keys/index.js';
export * from './accounts/index.js';
export * from './ingest/index.js';
export * from './processor/index.js';
export * from './profiles/index.js';
export * from './consent/index.js';
export * from './catalog/index.js';
export * from './privacy/index.js';
export * from './retention/index.js';
export * from './metrics/index.js';
export * from './pagination/index.js';
export * from './import/index.js';
export * from './geofences/index.js';
export * from './rfm/index.js';
export * from './segments/index.js';
export * from './recommendations/index.js';
export * from './stats/index.js';
export * from './decisions/index.js';
export * from './in-app/index.js';
