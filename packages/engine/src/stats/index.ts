/** Statistics: the figures of the dashboard's overview, aggregated by the database per UTC day (docs/statistics.md). */

/** Computes the overview of a workspace: per-day series, totals of people, consent rates, the processor's backlog. */
export { StatsService, type StatsServiceDependencies } from './stats-service.js';
/** Why an overview was not computed: the query parameter at fault and what it must be. */
export type { StatsFailure } from './stats-service.js';
/** The longest series, in days. */
export { MAX_STATS_DAYS } from './stats-service.js';
