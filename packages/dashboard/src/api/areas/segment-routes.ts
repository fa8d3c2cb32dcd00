import type {
  CreateSegmentBody,
  GeofenceListView,
  PageView,
  PreviewSegmentBody,
  RfmModelView,
  RfmQuery,
  RfmRefreshBody,
  RfmRunView,
  SegmentChangeView,
  SegmentExplanationView,
  SegmentMemberView,
  SegmentPreviewView,
  SegmentView,
  UpdateSegmentBody,
} from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Segments pages, RFM. */
export interface SegmentEndpoints {
  segments: { answer: { items: SegmentView[] } };
  segment: { params: { id: string }; answer: SegmentView };
  createSegment: { body: CreateSegmentBody; answer: SegmentView };
  updateSegment: { params: { id: string }; body: UpdateSegmentBody; answer: SegmentView };
  deleteSegment: { params: { id: string }; answer: null };
  previewSegment: { body: PreviewSegmentBody; answer: SegmentPreviewView };
  segmentMembers: { params: { id: string }; query: { limit?: number; cursor?: string }; answer: PageView<SegmentMemberView> };
  segmentSizes: { params: { id: string }; query: { days?: number }; answer: { items: { day: string; size: number }[] } };
  explainMember: { params: { id: string; profileId: string }; answer: SegmentExplanationView };
  segmentChanges: { query: { after?: number; limit?: number; segmentId?: string }; answer: { items: SegmentChangeView[]; last: number } };
  rfm: { query: RfmQuery; answer: RfmModelView };
  refreshRfm: { body: RfmRefreshBody; answer: RfmRunView };
  geofences: { answer: GeofenceListView };
}

export const segmentRoutes = {
  segments: { method: 'GET', path: '/api/v1/segments' },
  segment: { method: 'GET', path: '/api/v1/segments/{id}' },
  createSegment: { method: 'POST', path: '/api/v1/segments' },
  updateSegment: { method: 'PATCH', path: '/api/v1/segments/{id}' },
  deleteSegment: { method: 'DELETE', path: '/api/v1/segments/{id}' },
  previewSegment: { method: 'POST', path: '/api/v1/segments/preview' },
  segmentMembers: { method: 'GET', path: '/api/v1/segments/{id}/members' },
  segmentSizes: { method: 'GET', path: '/api/v1/segments/{id}/sizes' },
  explainMember: { method: 'GET', path: '/api/v1/segments/{id}/explain/{profileId}' },
  segmentChanges: { method: 'GET', path: '/api/v1/segment-changes' },
  rfm: { method: 'GET', path: '/api/v1/rfm' },
  refreshRfm: { method: 'POST', path: '/api/v1/rfm/refresh' },
  geofences: { method: 'GET', path: '/api/v1/geofences' },
} as const satisfies Record<keyof SegmentEndpoints, RouteDefinition>;
