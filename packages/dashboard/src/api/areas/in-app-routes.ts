import type { CreateMessageBody, InAppMessageView, UpdateMessageBody } from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** The routes of the In-app messages pages (the budget is the workspace's `messaging` setting: updateWorkspace). */
export interface InAppEndpoints {
  inAppMessages: { answer: { items: InAppMessageView[] } };
  inAppMessage: { params: { id: string }; answer: InAppMessageView };
  createInAppMessage: { body: CreateMessageBody; answer: InAppMessageView };
  updateInAppMessage: { params: { id: string }; body: UpdateMessageBody; answer: InAppMessageView };
  deleteInAppMessage: { params: { id: string }; answer: null };
}

export const inAppRoutes = {
  inAppMessages: { method: 'GET', path: '/api/v1/in-app-messages' },
  inAppMessage: { method: 'GET', path: '/api/v1/in-app-messages/{id}' },
  createInAppMessage: { method: 'POST', path: '/api/v1/in-app-messages' },
  updateInAppMessage: { method: 'PATCH', path: '/api/v1/in-app-messages/{id}' },
  deleteInAppMessage: { method: 'DELETE', path: '/api/v1/in-app-messages/{id}' },
} as const satisfies Record<keyof InAppEndpoints, RouteDefinition>;
