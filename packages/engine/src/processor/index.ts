/** The processor: consumes the event log in order and keeps identities, profiles and consent up to date. */
export { Processor, type ProcessorOptions } from './processor.js';
export { WorkerProcessor, type WorkerProcessorOptions } from './worker-processor.js';
export { CursorWatch, type ProcessorControl, type ProcessorLag } from './cursor-watch.js';
/** The name of the processor's position in the log (processor_state): events after it are not processed yet. */
export { EVENTS_CURSOR } from './cursor-watch.js';
export { resolveProfile, type IdentityStore, type IdentifiedMessage } from './slice-identity.js';
export { createProcessorExtensions, type ProcessorExtensions } from './processor-extensions.js';
