import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Recommendations pages. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the page gets its calls
export interface RecommendationEndpoints {}

export const recommendationRoutes = {} as const satisfies Record<keyof RecommendationEndpoints, RouteDefinition>;
