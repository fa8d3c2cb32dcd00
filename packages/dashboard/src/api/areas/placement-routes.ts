import type { CreatePlacementBody, DecisionsView, PlacementView, PreviewDecisionBody, UpdatePlacementBody } from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** The routes of the Placements pages. The editor's segment and geofence pickers use the Segments area's routes. */
export interface PlacementEndpoints {
  placements: { answer: { items: PlacementView[] } };
  placement: { params: { id: string }; answer: PlacementView };
  createPlacement: { body: CreatePlacementBody; answer: PlacementView };
  updatePlacement: { params: { id: string }; body: UpdatePlacementBody; answer: PlacementView };
  deletePlacement: { params: { id: string }; answer: null };
  previewPlacement: { body: PreviewDecisionBody; answer: DecisionsView };
}

export const placementRoutes = {
  placements: { method: 'GET', path: '/api/v1/placements' },
  placement: { method: 'GET', path: '/api/v1/placements/{id}' },
  createPlacement: { method: 'POST', path: '/api/v1/placements' },
  updatePlacement: { method: 'PATCH', path: '/api/v1/placements/{id}' },
  deletePlacement: { method: 'DELETE', path: '/api/v1/placements/{id}' },
  previewPlacement: { method: 'POST', path: '/api/v1/placements/preview' },
} as const satisfies Record<keyof PlacementEndpoints, RouteDefinition>;
