import { ErrorResponseSchema } from '@rapport/contracts';

/** The errors every admin route can answer, for the OpenAPI document. */
export const adminErrors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
} as const;

/** OpenAPI security requirement of the admin API: a secret key, or the session cookie of a signed-in person. */
export const secretKeySecurity: { [scheme: string]: string[] }[] = [{ secretKeyBearer: [] }, { sessionCookie: [] }];
