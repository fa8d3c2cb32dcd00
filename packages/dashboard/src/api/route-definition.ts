export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** A route as the server's OpenAPI document writes it: path parameters in braces (`/api/v1/users/{id}`). */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
}

/** What one route takes and answers; every type comes from @rapport/contracts, as the server validates them. */
export interface Endpoint {
  readonly params?: Record<string, string>;
  readonly query?: object;
  readonly body?: object;
  readonly answer: unknown;
}
