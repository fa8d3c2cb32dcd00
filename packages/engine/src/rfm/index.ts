/** RFM: recency, frequency and monetary scores of each workspace's customers, and the named segments they make. */

/** Cut points (PERCENTILE_CONT quintiles), scores and the named segment of (R, F); pure functions. */
export { percentileCont, cutPoints, scoreOf, segmentOf, emptyCounts, emptyGrid, type CutPoints, type Quintiles, type Measures, type Scores } from './rfm-model.js';
/** Whole-day recency, money rounding and the scoring of a workspace's customers as the database summed them. */
export { recencyDays, roundMoney, scoreCustomers, type Scoring } from './rfm-scoring.js';
/** Computes, refreshes (stores) and shows the model; gives segment rules a person's stored scores. */
export { RfmService, type RfmServiceOptions, type RfmScore } from './rfm-service.js';
/** The model and its customers; a refresh as the API shows it. */
export { rfmRunView, type RfmCustomer, type RfmModel } from './rfm-views.js';
/** Export and erasure of the stored scores; the run history declared free of personal data. */
export { rfmPrivacyStores, declareRfmNonPersonalTables } from './rfm-privacy.js';
