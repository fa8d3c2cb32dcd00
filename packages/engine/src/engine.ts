import { systemClock, silentLogger, type Clock, type Logger } from '@rapport/core';
import { createRepositories, type Database, type Repositories } from '@rapport/storage';
import { CatalogService } from './catalog/index.js';
import { createAccounts, declareAccountsNonPersonalTables, scheduleAccountsHousekeeping, type Accounts, type AccountSettings } from './accounts/index.js';
import { DecisionService, IdentitySecrets, PlacementService, TemplateEngine, WhyService } from './decisions/index.js';
import { GeofenceService, PresenceService, presencePrivacyStores } from './geofences/index.js';
import { MessageDelivery, MessageService } from './in-app/index.js';
import { ModelCache, ModelService, ModelTrainer, RecommendationService, WorkerTrainer, defaultTrainingSchedule, modelStrategies, type TrainingSettings } from './recommendations/index.js';
import { RfmService, declareRfmNonPersonalTables, rfmPrivacyStores } from './rfm/index.js';
import { SegmentCatalog, SegmentService, rfmLookup, segmentsPrivacyStores, declareSegmentsNonPersonalTables } from './segments/index.js';
import { ConsentService, consentPrivacyStores } from './consent/index.js';
import { IngestService, LogWriter, RejectedStore, WorkerIngestion, ingestPrivacyStores, type Ingestion, type IngestSettings } from './ingest/index.js';
import { KeyService } from './keys/index.js';
import { noopMetrics, type EngineMetrics } from './metrics/index.js';
import { PrivacyRegistry, PrivacyService, SuppressionList } from './privacy/index.js';
import { EVENTS_CURSOR, Processor, WorkerProcessor, createProcessorExtensions, type ProcessorControl } from './processor/index.js';
import { ProfileService, UserAgentParser, profilesPrivacyStores } from './profiles/index.js';
import { Maintenance } from './retention/index.js';
import { StatsService } from './stats/index.js';
import { WorkspaceService } from './workspaces/index.js';

/** How long after start the training thread starts. */
const TRAINER_DELAY_MS = 10_000;

export interface EngineSettings {
  readonly ingest: IngestSettings;
  /** Decimal places of latitude and longitude kept in profiles (2 ≈ 1.1 km). */
  readonly locationDecimals: number;
  readonly dedupWindowMs: number;
  readonly maintenanceIntervalMs: number;
  readonly processorPollMs?: number;
  /** How often the processor checks segment windows for people whose membership time changed (default 30 s). */
  readonly segmentSweepMs?: number;
  /** Training of recommendation models (default: SAR and hybrid daily, on 2 threads, measured on the last 30 days). */
  readonly training?: Partial<TrainingSettings>;
  /** Sessions, invitations, login throttling and audit retention (defaults in accounts/accounts.ts). */
  readonly accounts?: Partial<AccountSettings>;
}

export interface EngineDependencies {
  readonly database: Database;
  readonly settings: EngineSettings;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  /**
   * Run ingestion's checks (decoding, validation, normalization) and the processor in worker threads; the calling
   * thread answers HTTP and appends to the log (the server does this; tests and the import run everything in the
   * calling thread). Workers load the built JavaScript of this package.
   */
  readonly workers?: boolean;
}

/** The engine's services, wired once by the composition root and passed down. */
export interface Engine {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly workspaces: WorkspaceService;
  readonly keys: KeyService;
  readonly ingest: Ingestion;
  readonly rejected: RejectedStore;
  readonly processor: ProcessorControl;
  readonly profiles: ProfileService;
  readonly consent: ConsentService;
  readonly catalog: CatalogService;
  readonly geofences: GeofenceService;
  readonly rfm: RfmService;
  readonly segments: SegmentService;
  readonly recommendations: RecommendationService;
  /** Placements and their experiences (admin API). */
  readonly placements: PlacementService;
  /** What each placement shows a person, and why (POST /v1/decide, the admin preview). */
  readonly decisions: DecisionService;
  /** The workspace secret that signs user ids for public routes. */
  readonly identitySecrets: IdentitySecrets;
  /** In-app messages (admin API). */
  readonly messages: MessageService;
  /** Which in-app message shows now, and why others are held back (POST /v1/messages). */
  readonly messageDelivery: MessageDelivery;
  /** "Why am I seeing this": everything personalized for a person, and why (GET /v1/me/why). */
  readonly why: WhyService;
  /** Location updates against geofences: Geofence Entered / Dwelled / Exited (POST /v1/location). */
  readonly presence: PresenceService;
  /** Trained recommendation models: versions with their offline metrics, training on demand. */
  readonly models: ModelService;
  /** The trainer of this thread (the server runs another in a thread of its own); tests call `runOnce`. */
  readonly trainer: ModelTrainer;
  readonly suppressions: SuppressionList;
  readonly privacyRegistry: PrivacyRegistry;
  readonly privacy: PrivacyService;
  readonly maintenance: Maintenance;
  /** The people who sign in to the dashboard, their sessions, and the audit log. */
  readonly accounts: Accounts;
  /** The figures of the dashboard's overview. */
  readonly stats: StatsService;
  /** Loads what the hot paths keep in memory; with `background`, starts the processor and scheduled jobs. */
  start(options: { background: boolean }): Promise<void>;
  /** Writes what is queued, stops the processor after its slice and the jobs. Does not close the database. */
  stop(): Promise<void>;
}

/** Declares the tables that hold nothing about a person, with why; the privacy coverage test checks the rest. */
function declareNonPersonalTables(registry: PrivacyRegistry): void {
  registry.declareNonPersonal('workspaces', 'shop settings');
  registry.declareNonPersonal('api_keys', 'hashes of API keys and their names');
  registry.declareNonPersonal('products', 'the shop catalog');
  registry.declareNonPersonal('suppressions', 'SHA-256 hashes of erased identifiers, kept so that their late events are refused');
  registry.declareNonPersonal('privacy_requests', 'who asked for an export or erasure, with the subject as a SHA-256 hash and row counts');
  registry.declareNonPersonal('processor_state', 'the position of the processor in the log');
  registry.declareNonPersonal('leases', 'which process runs the processor');
  registry.declareNonPersonal('geofences', 'named places of the shop (circles and polygons), not where anyone is');
  registry.declareNonPersonal('item_stats', "views, adds and purchases per product and day, counted over everyone");
  registry.declareNonPersonal('item_pairs', 'how many orders or sessions held two products, counted over everyone');
  registry.declareNonPersonal('item_totals', 'how many orders or sessions held a product, counted over everyone');
  registry.declareNonPersonal('rec_evaluations', 'offline metrics of algorithms, averaged over everyone');
  registry.declareNonPersonal('rec_models', "trained models hold item-side parameters only: a person's vector is computed from their data when serving, never stored");
  registry.declareNonPersonal('recommenders', 'named recommenders: strategies and business rules written by the shop');
  registry.declareNonPersonal('in_app_messages', 'in-app messages written by the shop: content, triggers, audiences and rules');
  registry.declareNonPersonal('placements', 'slots of the shop’s app and site with the content and audiences written by the shop');
}

export function createEngine(deps: EngineDependencies): Engine {
  const { database, settings } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? noopMetrics;
  const repos = createRepositories(database.dialect);
  const workspaces = new WorkspaceService(database, repos, clock);
  const keys = new KeyService(database, repos, clock);
  const suppressions = new SuppressionList(database, repos, clock);
  const rejected = new RejectedStore(database, repos);
  const pollMs = settings.processorPollMs === undefined ? {} : { pollMs: settings.processorPollMs };
  const processor: ProcessorControl = deps.workers
    ? new WorkerProcessor({ database, repos, clock, logger, metrics, locationDecimals: settings.locationDecimals, ...pollMs })
    : new Processor({
        database,
        repos,
        workspaces,
        clock,
        logger,
        metrics,
        userAgents: new UserAgentParser(),
        locationDecimals: settings.locationDecimals,
        ...pollMs,
        extensions: createProcessorExtensions({ database, repos, workspaces, clock, logger, ...(settings.segmentSweepMs === undefined ? {} : { sweepMs: settings.segmentSweepMs }) }),
      });
  let ingest: Ingestion;
  let closeIngestion: () => Promise<void>;
  let startIngestion: () => Promise<void> = async () => undefined;
  // Accepted means durable in the log: every commit counts its rows, whichever thread wrote them.
  const onCommit = (_lastSeq: number, rows: number, seconds: number) => {
    metrics.eventsAccepted(rows);
    metrics.logCommitted(rows, seconds);
    processor.notify();
  };
  if (deps.workers) {
    const worker = new WorkerIngestion({ database, settings: settings.ingest, logger, metrics, onCommit });
    // Revocations and erasures made in this thread apply in the worker at once.
    keys.onRevoked((hash) => worker.keyRevoked(hash));
    suppressions.onAdd((ws, hashes) => worker.suppressed(ws, hashes));
    ingest = worker;
    startIngestion = () => worker.start();
    closeIngestion = () => worker.close();
  } else {
    const log = new LogWriter(database, { onCommit });
    ingest = new IngestService({ keys, log, rejected, suppressions, metrics, clock, settings: settings.ingest });
    closeIngestion = () => log.close();
  }
  const profiles = new ProfileService(database, repos, workspaces, clock);
  const consent = new ConsentService({
    database,
    repos,
    workspace: (id) => workspaces.get(id),
    findProfile: (ws, id) => profiles.find(ws, id),
    record: async (ws, message) => {
      const result = await ingest.ingestMessages(ws, [message], { source: 'admin' });
      const seq = result.seqs[0];
      if (seq === undefined) throw new Error(`the consent event was refused: ${result.problems.map((p) => p.message).join('; ')}`);
      return seq;
    },
    waitProcessed: (seq, ms) => processor.waitFor(seq, ms),
  });
  const catalog = new CatalogService(database, repos, clock);
  const geofences = new GeofenceService({ database, repos, clock });
  const rfm = new RfmService({ database, repos, rfm: repos.rfm, workspaces, clock });
  const segmentCatalog = new SegmentCatalog(database, repos, workspaces, clock, logger);
  const segments = new SegmentService({ database, repos, catalog: segmentCatalog, profiles, rfm: rfmLookup(repos), clock });
  // A geofence whose shape or key changed changes the meaning of the segments that name it: they are built again.
  geofences.onChange((change) => segments.geofenceChanged(change.workspaceId, change.keys));
  const models = new ModelCache({ database, repos, clock });
  const recommendations = new RecommendationService({ database, repos, profiles, workspaces, catalog: catalog.serving, clock, modelStrategies: () => modelStrategies(models), forgetModels: () => models.clear() });
  // Events the engine itself sends for a person (exposures, geofence transitions), accepted as the app's would be.
  const recordEvents = async (ws: string, messages: readonly object[]): Promise<void> => {
    const result = await ingest.ingestMessages(ws, messages, { source: 'http' });
    if (result.problems.length > 0) logger.warn({ workspaceId: ws, problems: result.problems.map((p) => p.message) }, 'some events sent by the engine were refused');
  };
  const templates = new TemplateEngine();
  const placements = new PlacementService({ database, repos, workspaces, templates, clock, logger });
  const decisions = new DecisionService({
    database,
    repos,
    clock,
    logger,
    workspaces,
    profiles,
    placements,
    templates,
    recommendations,
    catalog: catalog.serving,
    geofences,
    record: recordEvents,
  });
  const messages = new MessageService({ database, repos, workspaces, templates, clock, logger });
  const messageDelivery = new MessageDelivery({ database, repos, clock, logger, workspaces, profiles, geofences, messages, templates, recommendations, catalog: catalog.serving });
  const why = new WhyService({
    database,
    repos,
    clock,
    workspaces,
    profiles,
    geofences,
    segments,
    placements,
    decisions,
    catalog: catalog.serving,
    messageInfo: async (ws) => new Map((await messages.compiled(ws)).map((m) => [m.key, { name: m.name, segment: m.segment?.name ?? null }])),
  });
  const presence = new PresenceService({ database, repos, clock, workspaces, profiles, geofences, locationDecimals: settings.locationDecimals, record: recordEvents });
  const identitySecrets = new IdentitySecrets({ database, repos, clock });
  const training: TrainingSettings = { schedule: defaultTrainingSchedule, threads: 2, testDays: 30, ...settings.training };
  const modelService = new ModelService({ database, repos, clock });
  const trainer = new ModelTrainer({ database, repos, workspaces, clock, logger, ...training });
  const workerTrainer = deps.workers ? new WorkerTrainer({ database: database.options, training, logger, metrics }) : undefined;
  const privacyRegistry = new PrivacyRegistry();
  for (const store of [...profilesPrivacyStores(repos), ...consentPrivacyStores(repos), ...ingestPrivacyStores(repos, database), ...rfmPrivacyStores(repos.rfm), ...segmentsPrivacyStores(repos), ...presencePrivacyStores(repos)]) privacyRegistry.register(store);
  declareNonPersonalTables(privacyRegistry);
  declareRfmNonPersonalTables(privacyRegistry);
  declareSegmentsNonPersonalTables(privacyRegistry);
  declareAccountsNonPersonalTables(privacyRegistry);
  const accounts = createAccounts({ database, repos, clock, settings: settings.accounts });
  let stopAccountsHousekeeping = async (): Promise<void> => undefined;
  const privacy = new PrivacyService(database, repos, privacyRegistry, suppressions, clock);
  const maintenance = new Maintenance({ database, repos, workspaces, clock, logger, dedupWindowMs: settings.dedupWindowMs });
  const stats = new StatsService({ database, repos, workspaces, processor, clock });

  return {
    database,
    repos,
    clock,
    workspaces,
    keys,
    ingest,
    rejected,
    processor,
    profiles,
    consent,
    catalog,
    geofences,
    rfm,
    segments,
    recommendations,
    placements,
    decisions,
    identitySecrets,
    messages,
    messageDelivery,
    why,
    presence,
    models: modelService,
    trainer,
    suppressions,
    privacyRegistry,
    privacy,
    maintenance,
    accounts,
    stats,
    async start(options) {
      await suppressions.load();
      // Before anything is appended: a log restored from a backup older than the cursor's would give seqs already passed.
      const cursor = await repos.processor.cursor(database.kysely, EVENTS_CURSOR);
      await database.logTransaction((log) => repos.ingest.continueLogAfter(log, cursor));
      if (!options.background) return;
      // Ingestion is ready when its thread has opened the database. The processor's thread starts after it, so that
      // the two do not compete for the CPU while the server starts.
      await startIngestion();
      processor.start();
      maintenance.start(settings.maintenanceIntervalMs);
      stopAccountsHousekeeping = scheduleAccountsHousekeeping(accounts, settings.maintenanceIntervalMs, logger);
      if (workerTrainer === undefined) await trainer.start();
      // Training can wait: the threads that answer requests and process events start first.
      else workerTrainer.startAfter(TRAINER_DELAY_MS);
    },
    async stop() {
      await decisions.flush();
      await closeIngestion();
      await processor.stop();
      await maintenance.stop();
      await stopAccountsHousekeeping();
      await (workerTrainer ?? trainer).stop();
    },
  };
}
