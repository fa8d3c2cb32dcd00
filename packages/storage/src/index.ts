/**
 * @rapport/storage — the database of Rapport: one Kysely query layer over SQLite (embedded default) and PostgreSQL,
 * versioned migrations, and one repository per engine module. Dialect differences stay in this package.
 */
export type { Database, LogAppend } from './database.js';
export { openDatabase, type OpenDatabaseOptions } from './open-database.js';
export { SQLITE_FILES } from './dialect/sqlite/sqlite-files.js';
export { backupSqlite, type SqliteBackup, type SqliteBackupOptions } from './dialect/sqlite/sqlite-backup.js';
export { dialectNames, type DialectName } from './dialect/dialect-name.js';
export { migrationNames } from './migrations/migrations.js';
export type { Tables, TableName, Row, NewRow } from './schema.js';
export { type Executor, chunksOf, parseJson } from './repositories/executor.js';
export { createRepositories, type Repositories } from './repositories/repositories.js';
export type { WorkspaceRow } from './repositories/workspaces-repository.js';
export type { ApiKeyRow } from './repositories/keys-repository.js';
export type { LogRow, RejectedRow, MessageIdRow } from './repositories/ingest-repository.js';
export { identityKinds, type IdentityKind, type ProfileRow, type IdentityRow } from './repositories/profiles-repository.js';
export { untouchedProduct, type ProfileProductRow } from './repositories/profile-products-repository.js';
export type { ConsentChangeRow } from './repositories/consent-repository.js';
export type { ProductRow } from './repositories/catalog-repository.js';
export type { SuppressionRow, PrivacyRequestRow } from './repositories/privacy-repository.js';
export type { EventRow, BehaviourRow, EventNameRead } from './repositories/events-repository.js';
export type { SegmentRow, SegmentMemberRow, SegmentChangeRow, NewSegmentChange, ProfileCondition } from './repositories/segments-repository.js';
export { ruleSqlDialect, type RuleSqlDialect, type JsonDoc, type JsonPath, type JsonKind } from './segments/rule-sql-dialect.js';
export type { GeofenceRow } from './repositories/geofences-repository.js';
export type { PlacementRow } from './repositories/placements-repository.js';
export type { InAppMessageRow, GeofencePresenceRow } from './repositories/in-app-repository.js';
export type { RfmRepository, RfmScoreRow, RfmRun, CustomerMeasures, RfmRunCutPoints } from './repositories/rfm-repository.js';
export type { GeofencesRepository } from './repositories/geofences-repository.js';
export type { SegmentsRepository } from './repositories/segments-repository.js';
export type { RecEvaluationsRepository, RecEvaluationRow, OrderEventRow, OrderEventCursor } from './repositories/rec-evaluations-repository.js';
export type { RecommendationsRepository, ItemStatsRow, ItemPairRow, ItemTotalRow, RecModelRow, RecommenderRow, PairKind, ProductCount } from './repositories/recommendations-repository.js';
export type { AccountsRepository, UserRow, InvitationRow, SessionRow } from './repositories/accounts-repository.js';
export type { AuditRepository, AuditRow, AuditFilter } from './repositories/audit-repository.js';
export type { StatsRepository, DayRange, DayEventCounts, DayCount, DayCodeCount, ConsentCounts } from './repositories/stats-repository.js';
