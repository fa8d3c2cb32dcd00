/**
 * Segments: a versioned JSON rule language over traits, features, behaviour, RFM, lifecycle, location, local time,
 * consent and other segments; a JavaScript evaluator (the live path, kept up to date by the processor) and a SQL
 * compiler (the batch path: previews, rebuilds) that give the same answers; membership with its history; and
 * explanations of why a person is in a segment or not.
 */
export { validateRule, referencedSegments, type ValidationOptions } from './rule-validator.js';
export { compileRule, type CompiledRule, type Outcome } from './rule-evaluator.js';
export { compileRuleSql, type RuleSqlOptions } from './rule-sql.js';
export { featureValue, type RuleContext, type SegmentDefinition, type GeofenceShape, type PersonFacts, type RfmFacts, type FactEvent } from './rule-context.js';
export { collectNeeds, loadFacts, type FactsNeeds, type FactsSubject, type RfmLookup } from './person-facts.js';
export { SegmentCatalog, rfmLookup, segmentSignature, type LiveSegment, type WorkspaceSegments } from './segment-catalog.js';
export { PeopleCache, type StoredBehaviour } from './people-cache.js';
export { evaluatePeople, prepareEvaluation, type EvaluatePeopleOptions, type PreparedEvaluation } from './live-evaluation.js';
export { membershipOf, emptyDiff, type MembershipDiff, type Membership, type ChangeReason } from './membership-diff.js';
export { writeMembershipDiff } from './membership-writes.js';
export { timeDependence, isTimeDependent, eventsAheadMark, type TimeDependence, type TimeTrigger } from './time-dependence.js';
export { SegmentJobs, type SegmentJobsOptions, type RfmJobs } from './segment-jobs.js';
export { SegmentService, type SegmentServiceOptions, type SegmentFailure } from './segment-service.js';
export { explain } from './rule-explainer.js';
export { segmentsPrivacyStores, declareSegmentsNonPersonalTables } from './segments-privacy.js';
