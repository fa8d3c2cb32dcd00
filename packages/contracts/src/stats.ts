import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';

/** A UTC day, `YYYY-MM-DD`. */
const utcDay = (description: string) => Type.String({ format: 'date', description });
const count = (description?: string) => Type.Integer({ minimum: 0, ...(description === undefined ? {} : { description }) });
/** A share in [0, 1]; null when there is nothing to divide by. */
const share = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });

export const StatsOverviewQuerySchema = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'How many UTC days the series covers, ending with `until`' })),
    until: Type.Optional(utcDay('The last day of the series (UTC, YYYY-MM-DD); today by default')),
  },
  { additionalProperties: false },
);
export type StatsOverviewQuery = Static<typeof StatsOverviewQuerySchema>;

export const StatsDaySchema = Type.Object(
  {
    day: utcDay('A UTC day, YYYY-MM-DD'),
    events: count('Events stored for this day by their time (processed, each messageId once)'),
    activeProfiles: count('Distinct people with at least one of those events'),
    newProfiles: count('People first seen this day (profile creation), not counting profiles merged into another since'),
    rejected: count('Payloads refused or set aside this day, by receipt, as kept in the rejected events'),
  },
  { additionalProperties: false },
);
export type StatsDay = Static<typeof StatsDaySchema>;

export const StatsProfilesSchema = Type.Object(
  {
    total: count('People now: profiles not merged into another'),
    identified: count('Those with a userId'),
    identifiedShare: share('identified / total; null without profiles'),
    activeLast1Day: count('People with an event in the last 24 hours'),
    activeLast7Days: count('People with an event in the last 7 × 24 hours'),
    activeLast30Days: count('People with an event in the last 30 × 24 hours'),
  },
  { additionalProperties: false },
);

export const StatsConsentSchema = Type.Object(
  {
    purpose: Type.String(),
    default: Type.Union([Type.Literal('granted'), Type.Literal('denied')], { description: "The purpose's state for people who have not chosen" }),
    granted: count('People who granted it'),
    denied: count('People who denied it'),
    unknown: count('People who have not chosen (the default applies to them)'),
    grantedRate: share('Share of people for whom the purpose is granted now, by their choice or by default; null without profiles'),
  },
  { additionalProperties: false },
);
export type StatsConsent = Static<typeof StatsConsentSchema>;

export const StatsIngestionSchema = Type.Object(
  {
    events: count('Events of the series, summed over its days'),
    rejected: count('Rejected payloads of the series, summed over its days'),
    rejectedByCode: Type.Array(Type.Object({ code: Type.String(), count: count() }, { additionalProperties: false }), {
      description: 'Rejected payloads of the series per reason (an ERR_* code), most frequent first',
    }),
    unprocessed: count('Events accepted (durable in the log) that the processor has not handled yet'),
    oldestUnprocessedSeconds: Type.Number({ minimum: 0, description: 'How long the oldest of them has waited, in seconds; 0 when none waits' }),
  },
  { additionalProperties: false },
);

export const StatsOverviewSchema = Type.Object(
  {
    from: utcDay('The first day of the series'),
    until: utcDay('The last day of the series'),
    generatedAt: IsoDateTime,
    days: Type.Array(StatsDaySchema, { description: 'Every day from `from` to `until`, oldest first, zeros included' }),
    profiles: StatsProfilesSchema,
    consent: Type.Array(StatsConsentSchema, { description: "Every consent purpose of the workspace, in the settings' order" }),
    ingestion: StatsIngestionSchema,
  },
  { additionalProperties: false },
);
export type StatsOverview = Static<typeof StatsOverviewSchema>;
