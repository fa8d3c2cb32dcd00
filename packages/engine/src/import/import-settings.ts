import type { EngineSettings } from '../engine.js';

/**
 * The largest event an import accepts: 1 MiB, the most RAPPORT_MAX_EVENT_BYTES allows. The configured limit (32 KiB by
 * default) guards the public endpoint against clients; an import sends the operator's own data, and one invoice of
 * the UCI file has 1,114 lines, a 94 KiB `Order Completed` event that the default would refuse.
 */
export const IMPORT_MAX_EVENT_BYTES = 1024 * 1024;

/** The engine settings for an import: those of the configuration, with events up to IMPORT_MAX_EVENT_BYTES. */
export function importSettings(settings: EngineSettings): EngineSettings {
  return { ...settings, ingest: { ...settings.ingest, maxEventBytes: Math.max(settings.ingest.maxEventBytes, IMPORT_MAX_EVENT_BYTES) } };
}
