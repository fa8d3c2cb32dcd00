/** The dashboard's typed client of the admin API. */
export { ApiClient, fillPath, type ApiClientOptions, type CallInput } from './api-client.js';
export { ApiError, fieldOfPath, type ApiErrorDetail } from './api-error.js';
export { apiRoutes, type EndpointName, type Endpoints, type RouteDefinition } from './routes.js';
