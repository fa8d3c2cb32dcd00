import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Segments pages, RFM. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the page gets its calls
export interface SegmentEndpoints {}

export const segmentRoutes = {} as const satisfies Record<keyof SegmentEndpoints, RouteDefinition>;
