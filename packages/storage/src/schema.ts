import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * The tables of Rapport, as Kysely sees them. Conventions that hold in both dialects (the dialect code makes them so):
 * times are Unix milliseconds (BIGINT, read back as numbers); booleans are integers 0/1; JSON columns hold text,
 * written with JSON.stringify and read back as strings (PostgreSQL stores them as jsonb); `seq` is the position in
 * the event log.
 */
export interface Tables {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  event_log: EventLogTable;
  events: EventsTable;
  message_ids: MessageIdsTable;
  profiles: ProfilesTable;
  identities: IdentitiesTable;
  profile_products: ProfileProductsTable;
  consent_changes: ConsentChangesTable;
  products: ProductsTable;
  rejected_events: RejectedEventsTable;
  suppressions: SuppressionsTable;
  privacy_requests: PrivacyRequestsTable;
  processor_state: ProcessorStateTable;
  leases: LeasesTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_changes: SegmentChangesTable;
  segment_sizes: SegmentSizesTable;
  rfm_scores: RfmScoresTable;
  rfm_runs: RfmRunsTable;
  geofences: GeofencesTable;
  item_stats: ItemStatsTable;
  item_pairs: ItemPairsTable;
  item_totals: ItemTotalsTable;
  rec_models: RecModelsTable;
  recommenders: RecommendersTable;
  placements: PlacementsTable;
  in_app_messages: InAppMessagesTable;
  geofence_presence: GeofencePresenceTable;
  rec_evaluations: RecEvaluationsTable;
  users: UsersTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: number;
  settings: string;
  /** The secret user tokens are signed with (HMAC-SHA256 of the userId); null until first asked for. */
  identity_secret: string | null;
  identity_secret_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  /** SHA-256 of the key: keys are 192-bit random tokens, so a fast hash is enough and lookups stay O(1). */
  key_hash: string;
  prefix: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** The durable outbox: what ingestion appended and the processor has yet to handle. Append-only, no secondary index. */
export interface EventLogTable {
  seq: Generated<number>;
  workspace_id: string;
  message_id: string;
  received_at: number;
  source: string;
  payload: string;
  payload_hash: string;
  flags: string | null;
}

/** Processed events, deduplicated and attributed to a profile. */
export interface EventsTable {
  seq: number;
  workspace_id: string;
  profile_id: string;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  timestamp: number;
  received_at: number;
  source: string;
  payload: string;
  flags: string | null;
  /** Order Completed and Order Refunded: the order's revenue (Segment spec v2); null for other events. */
  revenue: number | null;
}

export interface MessageIdsTable {
  workspace_id: string;
  message_id: string;
  payload_hash: string;
  seq: number;
  received_at: number;
  /** 1 for imported events: kept as long as their event, so that running an import again adds nothing. */
  keep: number;
}

export interface ProfilesTable {
  workspace_id: string;
  id: string;
  created_at: number;
  updated_at: number;
  /** Set on a profile merged into another: lookups of its id follow this. Such a row holds no other data. */
  merged_into: string | null;
  traits: string;
  trait_times: string;
  features: string;
  consent: string;
  groups: string;
}

export interface IdentitiesTable {
  workspace_id: string;
  kind: string;
  value: string;
  profile_id: string;
  created_at: number;
}

export interface ProfileProductsTable {
  workspace_id: string;
  profile_id: string;
  product_id: string;
  views: number;
  adds: number;
  purchases: number;
  last_viewed_at: number | null;
  last_added_at: number | null;
  last_purchased_at: number | null;
}

export interface ConsentChangesTable {
  id: string;
  workspace_id: string;
  profile_id: string;
  purpose: string;
  granted: number;
  source: string;
  at: number;
  recorded_at: number;
  message_id: string | null;
}

export interface ProductsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  tags: string;
  price: number | null;
  currency: string | null;
  image_url: string | null;
  url: string | null;
  in_stock: number;
  attributes: string;
  created_at: number;
  updated_at: number;
}

export interface RejectedEventsTable {
  id: string;
  workspace_id: string;
  received_at: number;
  endpoint: string;
  code: string;
  message: string;
  details: string;
  content_type: string | null;
  body: Buffer;
  body_bytes: number;
  truncated: number;
  message_id: string | null;
  user_id: string | null;
  anonymous_id: string | null;
}

export interface SuppressionsTable {
  workspace_id: string;
  /** SHA-256 of `<kind>:<identifier>`; the identifier itself is not kept. */
  id_hash: string;
  created_at: number;
  request_id: string;
}

export interface PrivacyRequestsTable {
  id: string;
  workspace_id: string;
  kind: string;
  status: string;
  subject_hash: string;
  requested_by: string;
  report: string | null;
  created_at: number;
  completed_at: number | null;
}

export interface ProcessorStateTable {
  name: string;
  cursor: number;
  updated_at: number;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

/** A segment definition; `version` changes with its rule or purpose, `built_version` once membership follows it. */
export interface SegmentsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string;
  purpose: string | null;
  rule: string;
  version: number;
  built_version: number;
  built_at: number | null;
  size: number;
  /** Set when deleted: the row stays until its members are gone, so that their exits are recorded. */
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SegmentMembersTable {
  workspace_id: string;
  segment_id: string;
  profile_id: string;
  entered_at: number;
}

/** Membership changes in the order they were made: the history per person, and the segment signals. */
export interface SegmentChangesTable {
  seq: Generated<number>;
  workspace_id: string;
  segment_id: string;
  profile_id: string;
  kind: string;
  reason: string;
  at: number;
}

export interface SegmentSizesTable {
  workspace_id: string;
  segment_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  size: number;
}

export interface RfmScoresTable {
  workspace_id: string;
  profile_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
  computed_at: number;
}

export interface RfmRunsTable {
  workspace_id: string;
  id: string;
  as_of: number;
  window_days: number | null;
  customers: number;
  cut_points: string;
  counts: string;
  computed_at: number;
  took_ms: number;
}

export interface GeofencesTable {
  workspace_id: string;
  id: string;
  /** The name rules and the SDK use for it, unique in the workspace. */
  key: string;
  name: string;
  shape: string;
  created_at: number;
  updated_at: number;
}

/** Views, adds and purchases of a product on one UTC day (`day`: days since 1970-01-01). */
export interface ItemStatsTable {
  workspace_id: string;
  product_id: string;
  day: number;
  views: number;
  adds: number;
  purchases: number;
  revenue: number;
}

/** Orders ("bought") or sessions ("viewed") holding both products; stored both ways. */
export interface ItemPairsTable {
  workspace_id: string;
  kind: string;
  a: string;
  b: string;
  count: number;
}

/** Orders or sessions holding a product; `product_id` "" counts them all. */
export interface ItemTotalsTable {
  workspace_id: string;
  kind: string;
  product_id: string;
  count: number;
}

/** A trained recommendation model: one version of one algorithm, with its snapshot and offline metrics. */
export interface RecModelsTable {
  workspace_id: string;
  id: string;
  algorithm: string;
  version: number;
  /** ready, failed */
  status: string;
  params: string;
  metrics: string | null;
  users: number;
  items: number;
  interactions: number;
  snapshot: Buffer | null;
  error: string | null;
  trained_at: number;
  took_ms: number;
}

export interface RecommendersTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string;
  strategy: string;
  params: string;
  rules: string;
  fallback: string | null;
  created_at: number;
  updated_at: number;
}

/** A named slot of an app or a site; `experiences` and `default_content` are JSON (contracts' Experience[], ContentFields). */
export interface PlacementsTable {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  description: string;
  kind: string;
  status: string;
  experiences: string;
  default_content: string | null;
  created_at: number;
  updated_at: number;
}

/** An in-app message; `definition` is JSON (contracts' CreateMessageBody without key and name). */
export interface InAppMessagesTable {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  definition: string;
  status: string;
  created_at: number;
  updated_at: number;
}

/** A geofence a person is inside now: `person` is "u:" + userId or "a:" + anonymousId; `dwelled` is 0 or 1. */
export interface GeofencePresenceTable {
  workspace_id: string;
  person: string;
  geofence_key: string;
  entered_at: number;
  seen_at: number;
  dwelled: number;
}

/** An offline evaluation of one algorithm (`rapport recs evaluate --save`, or on the workspace's own events). */
export interface RecEvaluationsTable {
  workspace_id: string;
  id: string;
  algorithm: string;
  k: number;
  /** JSON: the algorithm's parameters. */
  params: string;
  /** JSON: map, ndcg, precision, recall, coverage, popularity_percentile, train_seconds. */
  metrics: string;
  train_rows: number;
  test_users: number;
  /** files, workspace */
  source: string;
  created_at: number;
}

/** A person who signs in to the dashboard: the shop's staff, not its customers. */
export interface UsersTable {
  id: string;
  workspace_id: string;
  /** Lower-cased, unique in the installation. */
  email: string;
  name: string;
  /** owner, admin, marketer, analyst, viewer */
  role: string;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64url: the parameters travel with the hash so that they can be raised. */
  password_hash: string;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

/** A pending invitation; accepting it deletes it. */
export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: string;
  /** SHA-256 of the token: tokens carry 192 random bits. */
  token_hash: string;
  /** The user or key that invited. */
  invited_by: string;
  created_at: number;
  expires_at: number;
}

/** A signed-in browser. It ends at `expires_at`, or after the idle time without a request since `last_seen_at`. */
export interface SessionsTable {
  /** SHA-256 of the session token the cookie holds. */
  id_hash: string;
  user_id: string;
  workspace_id: string;
  created_at: number;
  expires_at: number;
  /** Updated at most once a minute. */
  last_seen_at: number;
}

/** First-run setup tokens (SHA-256), valid until one of them creates the owner. */
export interface SetupTokensTable {
  token_hash: string;
  workspace_id: string;
  created_at: number;
}

/** Changes made through the dashboard or the admin API. */
export interface AuditLogTable {
  workspace_id: string;
  id: string;
  at: number;
  /** user, key */
  actor_kind: string;
  actor_id: string;
  actor_label: string | null;
  method: string;
  /** The route pattern, e.g. /api/v1/segments/:id */
  route: string;
  target_id: string | null;
  status: number;
  request_id: string;
  ip: string | null;
  /** JSON, secrets redacted */
  request: string | null;
  before: string | null;
  after: string | null;
}

export type TableName = keyof Tables;
export type Row<T extends TableName> = Selectable<Tables[T]>;
export type NewRow<T extends TableName> = Insertable<Tables[T]>;
