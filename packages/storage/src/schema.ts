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
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: number;
  settings: string;
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

export type TableName = keyof Tables;
export type Row<T extends TableName> = Selectable<Tables[T]>;
export type NewRow<T extends TableName> = Insertable<Tables[T]>;
