import { Alert } from '@mantine/core';
import type { Role } from '@rapport/contracts';
import { aRole } from './format.js';

/** What a role may not see, and who may. */
export function NotAllowed({ role, what }: { role: Role; what: string }) {
  return (
    <Alert color="gray" title="Not for your role">
      As {aRole(role)}, you cannot see {what}: they are for owners and admins.
    </Alert>
  );
}
