import type {
  ConsentViewBody,
  ErasureReport,
  PageView,
  ProfileListQuery,
  ProfileLookupQuery,
  ProfileSegmentsView,
  ProfileSummaryView,
  ProfileView,
  RecommendationQuery,
  RecommendationsView,
  SegmentExplanationView,
  SegmentView,
  StoredMessage,
  TimelineQuery,
} from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** `?by=`: what the id of the path is; the dashboard passes `profileId` once it knows the profile. */
type Lookup = ProfileLookupQuery;

/** The JSON document of a subject export: `{ subject, exportedAt, stores: { <store>: [records] } }` (docs/privacy.md). */
export interface SubjectExportView {
  subject: { profileId: string; profileIds: string[]; userIds: string[]; anonymousIds: string[] };
  exportedAt: string;
  stores: Record<string, Record<string, unknown>[]>;
}

/** The routes of the Profiles pages: search, one person, their events, consent, segments, recommendations, privacy. */
export interface ProfileEndpoints {
  profiles: { query: ProfileListQuery; answer: PageView<ProfileSummaryView> };
  profile: { params: { id: string }; query: Lookup; answer: ProfileView };
  profileEvents: {
    params: { id: string };
    query: Lookup & TimelineQuery;
    answer: PageView<StoredMessage>;
  };
  profileConsent: { params: { id: string }; answer: ConsentViewBody };
  profileSegments: { params: { id: string }; answer: ProfileSegmentsView };
  /** The segments a person could be explained against (the "why not in …?" choice). */
  profileSegmentChoices: { answer: { items: SegmentView[] } };
  profileSegmentExplanation: { params: { id: string; profileId: string }; answer: SegmentExplanationView };
  profileRecommendations: { body: RecommendationQuery; answer: RecommendationsView };
  profileExport: { params: { id: string }; query: Lookup & { format?: 'json' }; answer: SubjectExportView };
  profileErase: { params: { id: string }; query: Lookup; answer: ErasureReport };
}

export const profileRoutes = {
  profiles: { method: 'GET', path: '/api/v1/profiles' },
  profile: { method: 'GET', path: '/api/v1/profiles/{id}' },
  profileEvents: { method: 'GET', path: '/api/v1/profiles/{id}/events' },
  profileConsent: { method: 'GET', path: '/api/v1/profiles/{id}/consent' },
  profileSegments: { method: 'GET', path: '/api/v1/profiles/{id}/segments' },
  profileSegmentChoices: { method: 'GET', path: '/api/v1/segments' },
  profileSegmentExplanation: { method: 'GET', path: '/api/v1/segments/{id}/explain/{profileId}' },
  profileRecommendations: { method: 'POST', path: '/api/v1/recommendations' },
  profileExport: { method: 'GET', path: '/api/v1/subjects/{id}/export' },
  profileErase: { method: 'DELETE', path: '/api/v1/subjects/{id}' },
} as const satisfies Record<keyof ProfileEndpoints, RouteDefinition>;
