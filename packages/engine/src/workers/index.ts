/** What worker threads of the engine share: logs and metrics relayed to the parent, and a lower priority. */
export { workerLogger, workerMetrics, relay, endWorker, lowerThreadPriority, workerResourceLimits, processorResourceLimits, type BridgeMessage } from './worker-bridge.js';
export { Turns } from './turns.js';
export { WorkerCalls, type WorkerCallsOptions, type WorkerReply } from './worker-calls.js';
