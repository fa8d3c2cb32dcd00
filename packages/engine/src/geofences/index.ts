/** Geofences: named circles and polygons that segment rules test a person's last known location against, by key. */

/**
 * The service behind the admin API (create, update, delete, get, list), the shapes by key for the segment engine,
 * and `onChange` for rebuilding the segments that use a geofence.
 */
export { GeofenceService, type GeofenceServiceDependencies } from './geofence-service.js';
/** Whether a point is inside a geofence's shape. */
export { insideShape } from './geofence-service.js';
/** A stored geofence's shape as rules read it: a circle (radius in km) or a polygon (vertices as [latitude, longitude]). */
export type { GeofenceShape } from './geofence-service.js';
/** Why a create, update or delete was refused: unknown id, key taken, invalid body, or a polygon with crossing edges (problems point at the vertex). */
export type { GeofenceFailure } from './geofence-service.js';
/** The error code the API answers each `GeofenceFailure` reason with. */
export { geofenceErrorCodes } from './geofence-service.js';
/** What `onChange` listeners receive: the workspace, what happened, and the keys whose meaning changed. */
export type { GeofenceChange } from './geofence-service.js';
/** A stored row as the API shows it. */
export { geofenceView } from './geofence-service.js';
/** The problems of a polygon's outline (fewer than 3 distinct vertices, crossing edges, spikes), each at a vertex's path. */
export { polygonProblems } from './polygon-check.js';
/** Where people are: location updates against the geofences, sent on as Geofence Entered / Dwelled / Exited events. */
export { PresenceService, presenceKey, presencePrivacyStores, DWELL_MS, type PresenceServiceOptions, type PresenceUpdate } from './presence-service.js';
