/** Ingestion: the Segment-compatible, durable, group-committed way in for events. */
export { IngestService, endpointKind, type Ingestion, type CheckedRequest, type CheckedMessages, type IngestAnswer, type IngestRequest, type IngestSettings, type IngestResult, type EventSource } from './ingest-service.js';
export { LogWriter, type EventLog, type LogWriterOptions } from './log-writer.js';
export { WorkerIngestion, type WorkerIngestionOptions } from './worker-ingestion.js';
export { RejectedStore, rejectedView, type RejectedView, type RejectedPayload } from './rejected-store.js';
export { normalizeMessage, type IngestLimits } from './message-normalizer.js';
export { findJsonProblems, type JsonProblem } from './safe-json.js';
export { compileSchema, type SchemaCheck, type SchemaProblem } from './schema-problems.js';
export { decodeBody } from './body-decoder.js';
export { parseIsoTime } from './timestamps.js';
export { ingestPrivacyStores } from './ingest-privacy.js';
