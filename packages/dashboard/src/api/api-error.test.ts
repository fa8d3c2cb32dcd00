import { describe, expect, it } from 'vitest';
import { ApiError, plainWords } from './api-error.js';

describe("the validator's messages next to a field", () => {
  it('reads as a form speaks, and leaves the API’s own sentences alone', () => {
    const error = new ApiError({
      status: 400,
      code: 'ERR_REQUEST_INVALID',
      message: 'the request is invalid',
      details: [
        { path: '/purposes/2/name', message: 'must NOT have fewer than 1 characters' },
        { path: '/retention/eventsDays', message: 'must be <= 3650' },
        { path: '/name', message: 'must match pattern "^[a-z0-9][a-z0-9_-]{0,63}$"' },
        { path: '/lifecycle/atRiskDays', message: 'must be more than newDays' },
      ],
    });
    expect(error.fieldErrors()).toEqual({
      'purposes.2.name': 'cannot be empty',
      'retention.eventsDays': 'must be 3650 or less',
      name: 'is not in the expected form',
      'lifecycle.atRiskDays': 'must be more than newDays',
    });
    expect(plainWords('must NOT have more than 200 characters')).toBe('can have at most 200 characters');
    expect(plainWords('must be integer')).toBe('must be a whole number');
  });
});
