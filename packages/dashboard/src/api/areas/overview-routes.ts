import type { StatsOverview, StatsOverviewQuery } from '@rapport/contracts';
import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Overview page. */
export interface OverviewEndpoints {
  statsOverview: { query: StatsOverviewQuery; answer: StatsOverview };
}

export const overviewRoutes = {
  statsOverview: { method: 'GET', path: '/api/v1/stats/overview' },
} as const satisfies Record<keyof OverviewEndpoints, RouteDefinition>;
