import { Type, type Static } from 'typebox';
import { IsoDateTime, NullableIsoDateTime } from './common.js';

export const privacyRequestKinds = ['export', 'erase'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];

export const privacyRequestStatuses = ['completed', 'failed'] as const;

/** Rows removed per store by an erasure, e.g. `{ "events": 120, "profiles": 2 }`. */
export const ErasureReportSchema = Type.Object({
  requestId: Type.String(),
  profiles: Type.Integer({ description: 'Profiles erased (merged profiles count separately)' }),
  removed: Type.Record(Type.String(), Type.Integer()),
  suppressed: Type.Integer({ description: 'Identifiers added to the suppression list, as hashes' }),
  completedAt: IsoDateTime,
});
export type ErasureReport = Static<typeof ErasureReportSchema>;

export const PrivacyRequestSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(privacyRequestKinds),
  status: Type.Enum(privacyRequestStatuses),
  subjectHash: Type.String({ description: 'SHA-256 of the identifier asked for; the identifier itself is not kept' }),
  requestedBy: Type.String({ description: 'The id of the key or of the signed-in user that made the request' }),
  report: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: IsoDateTime,
  completedAt: NullableIsoDateTime,
});

export const SubjectExportQuerySchema = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});
/** An export or erasure request as GET /api/v1/privacy/requests lists it. */
export type PrivacyRequestView = Static<typeof PrivacyRequestSchema>;
/** The query of GET /api/v1/subjects/{id}/export. */
export type SubjectExportQuery = Static<typeof SubjectExportQuerySchema>;
