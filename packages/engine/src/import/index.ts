/**
 * Imports: historical data from files, through the same ingestion pipeline as live events (docs/import.md). The
 * online-retail format is the UCI "Online Retail" data set (Daqing Chen, London South Bank University; UCI Machine
 * Learning Repository; CC BY 4.0); segment-jsonl is one Segment message or batch per line.
 */
export { runImport, importPhases, type ImportEngine, type ImportOptions, type ImportPhase, type ImportProgress, type ImportSummary } from './import-runner.js';
export { importFormats, type ImportFormat } from './import-formats.js';
export { openImportFile, type ImportFile } from './import-file.js';
export { importSettings } from './import-settings.js';
export { invoiceSkipReasons, type InvoiceSkipReason, type RetailStats } from './retail-mapping.js';
export { lineSkipReasons, type LineSkipReason } from './retail-record.js';
export { type SkipCount } from './skip-tally.js';
