import { Type, type Static } from 'typebox';
import { IsoDateTime, NullableIsoDateTime, PageQuerySchema, Nullable } from './common.js';
import { PurposeIdSchema } from './consent.js';

/**
 * The rule as the API takes and gives it. Its structure is checked by the engine rather than by the route schema, so
 * that each problem points at the node it concerns (path, expected, got) instead of listing every branch of the
 * union of node types; the full JSON Schema of a rule is SegmentRuleSchema (docs/segments.md).
 */
const RuleInput = Type.Unsafe<unknown>({
  type: 'object',
  description: 'A segment rule: { "version": 1, "root": node }, where a node is and / or / not or a condition (docs/segments.md)',
  examples: [{ version: 1, root: { type: 'event', event: 'Order Completed', count: { op: 'gte', value: 2 }, window: { last: { amount: 30, unit: 'days' } } } }],
});

export const CreateSegmentBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    purpose: Type.Optional(
      Nullable(
        Type.Union([PurposeIdSchema], {
          description: 'What the segment is used for: only people who consent to this purpose are members (null: no purpose-bound use, everyone counts)',
        }),
      ),
    ),
    rule: RuleInput,
  },
  { additionalProperties: false },
);
export type CreateSegmentBody = Static<typeof CreateSegmentBodySchema>;

export const UpdateSegmentBodySchema = Type.Partial(CreateSegmentBodySchema, { additionalProperties: false });
export type UpdateSegmentBody = Static<typeof UpdateSegmentBodySchema>;

export const segmentStatuses = ['building', 'live'] as const;

export const SegmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  purpose: Nullable(Type.String()),
  rule: RuleInput,
  version: Type.Integer({ description: 'Incremented at each change of the rule or purpose' }),
  status: Type.Enum(segmentStatuses, { description: 'building: membership is being computed for this version; live: it is kept up to date' }),
  size: Type.Integer({ description: 'Members now (of the version last built)' }),
  timeDependent: Type.Boolean({ description: 'Membership also changes with time alone (windows, lifecycle, local time); it is re-checked every minute' }),
  dependsOn: Type.Array(Type.String(), { description: 'Ids of the segments this rule refers to' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  builtAt: NullableIsoDateTime,
});
export type SegmentView = Static<typeof SegmentSchema>;

export const SegmentIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const SegmentMemberParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), profileId: Type.String({ minLength: 1, maxLength: 255 }) });

export const PreviewSegmentBodySchema = Type.Object(
  {
    rule: RuleInput,
    purpose: Type.Optional(Nullable(PurposeIdSchema)),
    sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 10, description: 'Members to return as a sample' })),
  },
  { additionalProperties: false },
);
export type PreviewSegmentBody = Static<typeof PreviewSegmentBodySchema>;

export const SegmentMemberSchema = Type.Object({
  profileId: Type.String(),
  userId: Nullable(Type.String()),
  anonymousId: Nullable(Type.String()),
  email: Nullable(Type.String()),
  enteredAt: NullableIsoDateTime,
});
export type SegmentMemberView = Static<typeof SegmentMemberSchema>;

export const SegmentPreviewSchema = Type.Object({
  size: Type.Integer({ description: 'Profiles that match the rule and, when the segment has a purpose, consent to it' }),
  matched: Type.Integer({ description: 'Profiles that match the rule, consent aside' }),
  excludedForConsent: Type.Integer({ description: 'Profiles that match the rule but do not consent to the purpose' }),
  total: Type.Integer({ description: 'Profiles in the workspace (merged ones aside)' }),
  sample: Type.Array(SegmentMemberSchema),
  tookMs: Type.Number(),
});
export type SegmentPreviewView = Static<typeof SegmentPreviewSchema>;

export const SegmentMembersQuerySchema = PageQuerySchema;

export const SegmentSizeSchema = Type.Object({ day: Type.String({ description: 'UTC day, YYYY-MM-DD' }), size: Type.Integer() });
export const SegmentSizesSchema = Type.Object({ items: Type.Array(SegmentSizeSchema) });

export const segmentChangeKinds = ['entered', 'exited'] as const;
export const segmentChangeReasons = ['event', 'time', 'rebuild', 'rfm'] as const;

export const SegmentChangeSchema = Type.Object({
  seq: Type.Integer({ description: 'Position in the stream of membership changes (signals segment.entered / segment.exited)' }),
  segmentId: Type.String(),
  segmentName: Nullable(Type.String()),
  profileId: Type.String(),
  kind: Type.Enum(segmentChangeKinds),
  reason: Type.Enum(segmentChangeReasons, { description: 'event: an event of the person; time: a window moved; rebuild: the rule changed; rfm: the RFM model was refreshed' }),
  at: IsoDateTime,
});
export type SegmentChangeView = Static<typeof SegmentChangeSchema>;

export const SegmentChangesQuerySchema = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'Changes after this seq' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/** One condition of an explanation: whether it held, the values that decided it, and a sentence. */
export interface ExplanationNode {
  type: string;
  path: string;
  matched: boolean;
  sentence: string;
  values: Record<string, unknown>;
  children?: ExplanationNode[];
}
export const ExplanationNodeSchema = Type.Unsafe<ExplanationNode>({
  $id: 'SegmentExplanationNode',
  type: 'object',
  required: ['type', 'path', 'matched', 'sentence', 'values'],
  properties: {
    type: { type: 'string', description: 'The node type (and, or, not, event, trait, …)' },
    path: { type: 'string', description: 'JSON Pointer of the node in the rule' },
    matched: { type: 'boolean' },
    sentence: { type: 'string', description: 'In plain words: "bought 3 times in the last 30 days; needed at least 2"' },
    values: { type: 'object', description: 'The values that decided it', additionalProperties: true },
    children: { type: 'array', items: { $ref: 'SegmentExplanationNode' } },
  },
});

export const SegmentExplanationSchema = Type.Object({
  segmentId: Type.String(),
  profileId: Type.String(),
  member: Type.Boolean({ description: 'Whether the person is in the segment now, by its rule and consent' }),
  matched: Type.Boolean({ description: 'Whether the rule holds, consent aside' }),
  consent: Nullable(Type.Object({ purpose: Type.String(), granted: Type.Boolean() })),
  summary: Type.String(),
  root: ExplanationNodeSchema,
  evaluatedAt: IsoDateTime,
});
export type SegmentExplanationView = Static<typeof SegmentExplanationSchema>;

export const ProfileSegmentsSchema = Type.Object({
  items: Type.Array(Type.Object({ segmentId: Type.String(), name: Type.String(), enteredAt: IsoDateTime })),
});
/** A person's segments, with their history of entries and exits (GET /api/v1/profiles/{id}/segments). */
export type ProfileSegmentsView = Static<typeof ProfileSegmentsSchema> & { history: SegmentChangeView[] };
