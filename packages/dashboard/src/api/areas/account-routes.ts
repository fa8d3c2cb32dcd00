import type {
  AcceptInvitationBody,
  ChangePasswordBody,
  ApiKeyView,
  AuditEntryView,
  AuditQuery,
  CreatedInvitationView,
  CreatedKeyView,
  CreateInvitationBody,
  CreateKeyBody,
  InvitationView,
  LoginBody,
  PageView,
  SessionView,
  SetupBody,
  UpdateMeBody,
  UpdateUserBody,
  UpdateWorkspaceBody,
  UserView,
  WorkspaceView,
} from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** Accounts, users and roles, API keys, the workspace and the audit log (the Settings pages, sign-in). */
export interface AccountEndpoints {
  setup: { body: SetupBody; answer: SessionView };
  login: { body: LoginBody; answer: SessionView };
  acceptInvitation: { body: AcceptInvitationBody; answer: SessionView };
  logout: { answer: null };
  me: { answer: SessionView };
  /** Your own name; the answer is your session with it. */
  updateMe: { body: UpdateMeBody; answer: SessionView };
  /** Your own password; your other sessions end, this one stays. */
  changePassword: { body: ChangePasswordBody; answer: null };
  workspace: { answer: WorkspaceView };
  updateWorkspace: { body: UpdateWorkspaceBody; answer: WorkspaceView };
  users: { answer: { items: UserView[] } };
  updateUser: { params: { id: string }; body: UpdateUserBody; answer: UserView };
  removeUser: { params: { id: string }; answer: null };
  /** The owner gives the ownership to another user and becomes an admin (the answer's shape is declared in users-routes.ts). */
  transferOwnership: { params: { id: string }; answer: { owner: UserView; previousOwner: UserView } };
  invitations: { answer: { items: InvitationView[] } };
  invite: { body: CreateInvitationBody; answer: CreatedInvitationView };
  revokeInvitation: { params: { id: string }; answer: null };
  keys: { answer: { items: ApiKeyView[] } };
  createKey: { body: CreateKeyBody; answer: CreatedKeyView };
  revokeKey: { params: { id: string }; answer: ApiKeyView };
  audit: { query: AuditQuery; answer: PageView<AuditEntryView> };
}

export const accountRoutes = {
  setup: { method: 'POST', path: '/api/v1/auth/setup' },
  login: { method: 'POST', path: '/api/v1/auth/login' },
  acceptInvitation: { method: 'POST', path: '/api/v1/auth/accept-invitation' },
  logout: { method: 'POST', path: '/api/v1/auth/logout' },
  me: { method: 'GET', path: '/api/v1/auth/me' },
  updateMe: { method: 'PATCH', path: '/api/v1/auth/me' },
  changePassword: { method: 'POST', path: '/api/v1/auth/password' },
  workspace: { method: 'GET', path: '/api/v1/workspace' },
  updateWorkspace: { method: 'PATCH', path: '/api/v1/workspace' },
  users: { method: 'GET', path: '/api/v1/users' },
  updateUser: { method: 'PATCH', path: '/api/v1/users/{id}' },
  removeUser: { method: 'DELETE', path: '/api/v1/users/{id}' },
  transferOwnership: { method: 'POST', path: '/api/v1/users/{id}/ownership' },
  invitations: { method: 'GET', path: '/api/v1/invitations' },
  invite: { method: 'POST', path: '/api/v1/invitations' },
  revokeInvitation: { method: 'DELETE', path: '/api/v1/invitations/{id}' },
  keys: { method: 'GET', path: '/api/v1/keys' },
  createKey: { method: 'POST', path: '/api/v1/keys' },
  revokeKey: { method: 'DELETE', path: '/api/v1/keys/{id}' },
  audit: { method: 'GET', path: '/api/v1/audit' },
} as const satisfies Record<keyof AccountEndpoints, RouteDefinition>;
