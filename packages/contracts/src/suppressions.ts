import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';

/**
 * One identifier of an erased person on the suppression list (docs/privacy.md#erasure). Only a prefix of its hash is
 * shown: the identifier is not kept, and the whole hash of a guessable identifier (an e-mail-like userId) could be
 * checked against guesses.
 */
export const SuppressionSchema = Type.Object(
  {
    hashPrefix: Type.String({
      description:
        'The first 12 hex digits of the SHA-256 hash of the identifier (its kind and value); the identifier itself is not kept',
    }),
    suppressedAt: IsoDateTime,
    reason: Type.Literal('erasure', { description: 'Why it is suppressed: the person was erased' }),
    requestId: Type.String({
      description: 'The erasure that suppressed it: GET /api/v1/privacy/requests/{requestId}',
    }),
  },
  { additionalProperties: false },
);
export type SuppressionView = Static<typeof SuppressionSchema>;
