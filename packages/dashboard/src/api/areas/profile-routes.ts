import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Profiles pages. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the page gets its calls
export interface ProfileEndpoints {}

export const profileRoutes = {} as const satisfies Record<keyof ProfileEndpoints, RouteDefinition>;
