/**
 * @rapport/server — the process: configuration, the HTTP application (Segment-compatible ingestion, admin API,
 * OpenAPI docs, health and metrics) and the `rapport` command line.
 */
export { buildApp, type AppDependencies } from './app.js';
export { loadConfig, variables, logLevels, type Config, type LogLevel } from './config.js';
export { startRapport, engineSettings, openConfiguredDatabase, version, type RunningRapport } from './main.js';
export { PrometheusMetrics } from './http/prometheus-metrics.js';
export { ensureWorkspace, type FirstRun } from './first-run.js';
