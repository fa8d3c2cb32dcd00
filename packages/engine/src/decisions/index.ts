/**
 * Decisions: placements (named slots of an app or a site) with their experiences — audience, Liquid content, splits,
 * schedule, priority — and the decision of what each shows a person, with the reason; sort and search placements
 * order a list by the person's interest; identity verification for the public routes that serve a person's data.
 */
export { PlacementService, placementView, type PlacementFailure, type PlacementServiceOptions } from './placement-service.js';
export { DecisionService, type DecisionRequest, type DecisionServiceOptions } from './decision-service.js';
export { TemplateEngine, TEMPLATE_LIMITS, renderFields } from './template-engine.js';
export { IdentitySecrets, userTokenOf } from './identity-secrets.js';
export { matchContext, type ContextFacts, type ContextMatch } from './audience-match.js';
export { rankList, unranked, type InterestSignals } from './list-ranking.js';
export { compileFields, type CompiledPlacement, type CompiledContent } from './placement-compiler.js';
export { loadReferences, type References } from './references.js';
export { WorkspaceCache } from './workspace-cache.js';
export { audienceSentence, checkAudience, pageMatches, withinHours } from './audience-match.js';
export { loadPerson, contextFacts, contactPreferencesOf, type PersonContextDependencies, type PersonIds } from './person-context.js';
export { requestRecommendations, templateScope, type Person as DecisionPerson, type RequestRecommendations } from './template-scope.js';
export { WhyService, type WhyServiceOptions } from './why-service.js';
