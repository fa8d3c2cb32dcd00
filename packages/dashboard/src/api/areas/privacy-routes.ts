import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Privacy page. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the page gets its calls
export interface PrivacyEndpoints {}

export const privacyRoutes = {} as const satisfies Record<keyof PrivacyEndpoints, RouteDefinition>;
