import { accountRoutes, type AccountEndpoints } from './areas/account-routes.js';
import { inAppRoutes, type InAppEndpoints } from './areas/in-app-routes.js';
import { overviewRoutes, type OverviewEndpoints } from './areas/overview-routes.js';
import { placementRoutes, type PlacementEndpoints } from './areas/placement-routes.js';
import { privacyRoutes, type PrivacyEndpoints } from './areas/privacy-routes.js';
import { profileRoutes, type ProfileEndpoints } from './areas/profile-routes.js';
import { recommendationRoutes, type RecommendationEndpoints } from './areas/recommendation-routes.js';
import { segmentRoutes, type SegmentEndpoints } from './areas/segment-routes.js';
import type { RouteDefinition } from './route-definition.js';

export { httpMethods, type Endpoint, type HttpMethod, type RouteDefinition } from './route-definition.js';

/**
 * Every admin route the dashboard calls, by name: each area of the dashboard declares its own in areas/, with its
 * types from @rapport/contracts.
 */
export interface Endpoints extends AccountEndpoints, OverviewEndpoints, ProfileEndpoints, SegmentEndpoints, RecommendationEndpoints, PlacementEndpoints, InAppEndpoints, PrivacyEndpoints {}

export type EndpointName = keyof Endpoints;

/**
 * The method and path of each endpoint. A test (tests/architecture/dashboard-routes.test.ts) builds the server and
 * checks that each one is in its OpenAPI document, so renaming a route on the server breaks the build, not the page.
 */
export const apiRoutes = {
  ...accountRoutes,
  ...overviewRoutes,
  ...profileRoutes,
  ...segmentRoutes,
  ...recommendationRoutes,
  ...placementRoutes,
  ...inAppRoutes,
  ...privacyRoutes,
} as const satisfies Record<EndpointName, RouteDefinition>;
