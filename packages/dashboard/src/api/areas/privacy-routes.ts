import type {
  ErasureReport,
  PageView,
  PrivacyRequestView,
  ProfileSummaryView,
  ProfileView,
  SuppressionView,
} from '@rapport/contracts';
import type { RouteDefinition } from '../route-definition.js';

/** How the subject routes find a person: "any" tries userId, then anonymousId, then profile id (docs/privacy.md). */
export type SubjectLookup = 'any' | 'userId' | 'anonymousId' | 'profileId';

/**
 * The routes of the Privacy page. The workspace (purposes, retention) is read and changed with `workspace` and
 * `updateWorkspace` of the account routes. The export itself is downloaded as a file (not JSON only), so the page
 * fetches `subjectExport`'s path itself; it is declared here so that the route check covers it.
 */
export interface PrivacyEndpoints {
  privacyRequests: { query: { limit?: number; cursor?: string }; answer: PageView<PrivacyRequestView> };
  privacyRequest: { params: { id: string }; answer: PrivacyRequestView };
  subjectExport: {
    params: { id: string };
    query: { format?: 'json' | 'csv'; by?: SubjectLookup };
    answer: unknown;
  };
  eraseSubject: { params: { id: string }; query: { by?: SubjectLookup }; answer: ErasureReport };
  suppressions: { query: { limit?: number; cursor?: string }; answer: PageView<SuppressionView> };
  /** The person an erasure would remove, to name them in its confirmation. */
  privacyProfile: { params: { id: string }; query: { by?: SubjectLookup }; answer: ProfileView };
  /** To find a person by e-mail address (the subject routes take ids only). */
  privacyProfileSearch: { query: { q: string; limit?: number }; answer: PageView<ProfileSummaryView> };
}

export const privacyRoutes = {
  privacyRequests: { method: 'GET', path: '/api/v1/privacy/requests' },
  privacyRequest: { method: 'GET', path: '/api/v1/privacy/requests/{id}' },
  subjectExport: { method: 'GET', path: '/api/v1/subjects/{id}/export' },
  eraseSubject: { method: 'DELETE', path: '/api/v1/subjects/{id}' },
  suppressions: { method: 'GET', path: '/api/v1/privacy/suppressions' },
  privacyProfile: { method: 'GET', path: '/api/v1/profiles/{id}' },
  privacyProfileSearch: { method: 'GET', path: '/api/v1/profiles' },
} as const satisfies Record<keyof PrivacyEndpoints, RouteDefinition>;
