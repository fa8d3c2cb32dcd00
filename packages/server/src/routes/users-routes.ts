import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreatedInvitationSchema,
  CreateInvitationBodySchema,
  InvitationSchema,
  UpdateUserBodySchema,
  UserSchema,
} from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf, sessionOf } from '../http/auth.js';
import { publicBase } from '../http/public-base.js';
import { accountError, accountErrors as errors, sessionSecurity } from './account-answers.js';
import { secretKeySecurity as security } from './admin-schemas.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/**
 * The people of the workspace (owners and admins, or keys with `users:manage`): list, rename, change roles, remove,
 * invite; and the transfer of ownership, which only the owner can make.
 */
export async function usersRoutes(
  app: FastifyInstance,
  { engine, publicUrl }: { engine: Engine; publicUrl?: string | undefined },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Accounts'];
  const team = engine.accounts.team;
  const config = { scope: 'users:manage' as const };

  r.get(
    '/api/v1/users',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The users of the workspace, oldest first',
        response: { 200: Type.Object({ items: Type.Array(UserSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await team.list(authOf(request).workspaceId),
    }),
  );

  r.get(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One user',
        params: IdParams,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await team.get(authOf(request).workspaceId, request.params.id);
      if (user === undefined) throw accountError({ reason: 'user_not_found' }, reply);
      return user;
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: "Rename a user or change their role (not the owner's)",
        params: IdParams,
        body: UpdateUserBodySchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await team.update(authOf(request).workspaceId, request.params.id, request.body);
      if (!changed.ok) throw accountError(changed.error, reply);
      return changed.value.after;
    },
  );

  r.delete(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Remove a user (not the owner); their sessions end at once',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const removed = await team.remove(authOf(request).workspaceId, request.params.id);
      if (!removed.ok) throw accountError(removed.error, reply);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/users/:id/ownership',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        security: sessionSecurity,
        summary: 'Make this user the owner; you become an admin (owner only)',
        params: IdParams,
        response: { 200: Type.Object({ owner: UserSchema, previousOwner: UserSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const moved = await team.transferOwnership(session.workspaceId, session.user.id, request.params.id);
      if (!moved.ok) throw accountError(moved.error, reply);
      return moved.value;
    },
  );

  r.get(
    '/api/v1/invitations',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Invitations that can still be accepted, newest first',
        response: { 200: Type.Object({ items: Type.Array(InvitationSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await team.invitations(authOf(request).workspaceId),
    }),
  );

  r.post(
    '/api/v1/invitations',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          'Invite someone with a role; the answer holds the link to send them, this once (inviting the same address again replaces it)',
        body: CreateInvitationBodySchema,
        response: { 201: CreatedInvitationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const invited = await team.invite(auth.workspaceId, request.body, auth.id);
      if (!invited.ok) throw accountError(invited.error, reply);
      const base = publicBase(request, publicUrl);
      const url = `${base.origin}${base.pathname.replace(/\/$/, '')}/app/accept-invitation?token=${encodeURIComponent(invited.value.token)}`;
      return reply.code(201).send({ ...invited.value, url });
    },
  );

  r.delete(
    '/api/v1/invitations/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Withdraw an invitation: its link stops working',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const revoked = await team.revokeInvitation(authOf(request).workspaceId, request.params.id);
      if (!revoked.ok) throw accountError(revoked.error, reply);
      return reply.code(204).send(null);
    },
  );
}
