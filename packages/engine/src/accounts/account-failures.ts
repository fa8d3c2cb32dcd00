import type { ErrorCode } from '@rapport/contracts';
import type { ProblemDetail } from '@rapport/core';

/** Why an account operation was refused: expected outcomes, returned as results. */
export type AccountFailure =
  | {
      readonly reason:
        | 'setup_done'
        | 'invalid_credentials'
        | 'wrong_password'
        | 'email_taken'
        | 'user_not_found'
        | 'invitation_not_found'
        | 'owner_protected';
    }
  | { readonly reason: 'invalid_token'; readonly path: string }
  | { readonly reason: 'weak_password'; readonly problems: readonly ProblemDetail[] }
  | { readonly reason: 'throttled'; readonly retryAfterSeconds: number };

/** The error code the API answers each failure with. */
export const accountErrorCodes = {
  setup_done: 'ERR_ACCOUNT_SETUP_DONE',
  invalid_token: 'ERR_ACCOUNT_INVALID_TOKEN',
  invalid_credentials: 'ERR_AUTH_INVALID_CREDENTIALS',
  wrong_password: 'ERR_ACCOUNT_WRONG_PASSWORD',
  weak_password: 'ERR_ACCOUNT_WEAK_PASSWORD',
  email_taken: 'ERR_ACCOUNT_EMAIL_TAKEN',
  user_not_found: 'ERR_ACCOUNT_USER_NOT_FOUND',
  invitation_not_found: 'ERR_ACCOUNT_INVITATION_NOT_FOUND',
  owner_protected: 'ERR_ACCOUNT_OWNER_PROTECTED',
  throttled: 'ERR_AUTH_TOO_MANY_ATTEMPTS',
} as const satisfies Record<AccountFailure['reason'], ErrorCode>;
