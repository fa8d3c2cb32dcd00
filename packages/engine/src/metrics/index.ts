/** The engine's measurements, implemented by the server's /metrics. */
export { type EngineMetrics, noopMetrics } from './engine-metrics.js';
