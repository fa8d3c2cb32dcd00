import type { DialectName } from '../dialect/dialect-name.js';
import { AccountsRepository } from './accounts-repository.js';
import { AuditRepository } from './audit-repository.js';
import { CatalogRepository } from './catalog-repository.js';
import { ConsentRepository } from './consent-repository.js';
import { EventsRepository } from './events-repository.js';
import { IngestRepository } from './ingest-repository.js';
import { KeysRepository } from './keys-repository.js';
import { PrivacyRepository } from './privacy-repository.js';
import { InAppRepository } from './in-app-repository.js';
import { PlacementsRepository } from './placements-repository.js';
import { ProcessorRepository } from './processor-repository.js';
import { ProfileProductsRepository } from './profile-products-repository.js';
import { ProfilesRepository } from './profiles-repository.js';
import { SegmentsRepository } from './segments-repository.js';
import { GeofencesRepository } from './geofences-repository.js';
import { RfmRepository } from './rfm-repository.js';
import { RecommendationsRepository } from './recommendations-repository.js';
import { RecEvaluationsRepository } from './rec-evaluations-repository.js';
import { StatsRepository } from './stats-repository.js';
import { WorkspacesRepository } from './workspaces-repository.js';

/** One repository per engine module; stateless, so one set serves every transaction. */
export interface Repositories {
  readonly workspaces: WorkspacesRepository;
  readonly keys: KeysRepository;
  readonly ingest: IngestRepository;
  readonly processor: ProcessorRepository;
  readonly profiles: ProfilesRepository;
  readonly events: EventsRepository;
  readonly profileProducts: ProfileProductsRepository;
  readonly consent: ConsentRepository;
  readonly catalog: CatalogRepository;
  readonly privacy: PrivacyRepository;
  readonly segments: SegmentsRepository;
  readonly rfm: RfmRepository;
  readonly geofences: GeofencesRepository;
  readonly recommendations: RecommendationsRepository;
  readonly recEvaluations: RecEvaluationsRepository;
  readonly placements: PlacementsRepository;
  /** In-app messages, and the geofences people are inside. */
  readonly inApp: InAppRepository;
  readonly accounts: AccountsRepository;
  readonly audit: AuditRepository;
  /** Aggregates for the overview: counts per UTC day, totals, consent rates, the processor's backlog. */
  readonly stats: StatsRepository;
}

export function createRepositories(dialect: DialectName): Repositories {
  return {
    workspaces: new WorkspacesRepository(),
    keys: new KeysRepository(),
    ingest: new IngestRepository(dialect),
    processor: new ProcessorRepository(),
    profiles: new ProfilesRepository(dialect),
    events: new EventsRepository(dialect),
    profileProducts: new ProfileProductsRepository(dialect),
    consent: new ConsentRepository(),
    catalog: new CatalogRepository(),
    privacy: new PrivacyRepository(),
    segments: new SegmentsRepository(),
    rfm: new RfmRepository(),
    geofences: new GeofencesRepository(),
    recommendations: new RecommendationsRepository(),
    recEvaluations: new RecEvaluationsRepository(),
    placements: new PlacementsRepository(),
    inApp: new InAppRepository(),
    accounts: new AccountsRepository(),
    audit: new AuditRepository(),
    stats: new StatsRepository(dialect),
  };
}
