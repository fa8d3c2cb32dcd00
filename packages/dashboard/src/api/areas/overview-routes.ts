import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Overview page. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the page gets its calls
export interface OverviewEndpoints {}

export const overviewRoutes = {} as const satisfies Record<keyof OverviewEndpoints, RouteDefinition>;
