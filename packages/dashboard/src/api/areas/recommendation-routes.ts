import type {
  CreateRecommenderBody,
  PageView,
  ProductView,
  ProfileSummaryView,
  RecEvaluationListView,
  RecEvaluationQuery,
  RecModelView,
  RecommendationAlgorithm,
  AdminRecommendationQuery,
  RecommendationsView,
  RecommenderView,
  TrainModelBody,
  UpdateRecommenderBody,
} from '@rapport/contracts';

import type { RouteDefinition } from '../route-definition.js';

/** A search box's query of a list route (`GET /api/v1/profiles`, `GET /api/v1/catalog/products`). */
interface SearchQuery {
  q?: string;
  limit?: number;
}

/**
 * The routes of the Recommendations pages: named recommenders, their preview, trained models and offline evaluations.
 * The person and product searches of the preview are named for this area (`recs…`), so that the Profiles page can
 * declare its own list route with the types it needs.
 */
export interface RecommendationEndpoints {
  recommenders: { answer: { items: RecommenderView[] } };
  recommender: { params: { id: string }; answer: RecommenderView };
  createRecommender: { body: CreateRecommenderBody; answer: RecommenderView };
  updateRecommender: { params: { id: string }; body: UpdateRecommenderBody; answer: RecommenderView };
  deleteRecommender: { params: { id: string }; answer: null };
  recommend: { body: AdminRecommendationQuery; answer: RecommendationsView };
  recModels: { query: { algorithm?: RecommendationAlgorithm; limit?: number }; answer: { items: RecModelView[] } };
  trainModel: { body: TrainModelBody; answer: RecModelView };
  recEvaluations: { query: RecEvaluationQuery; answer: RecEvaluationListView };
  recsPersonSearch: { query: SearchQuery; answer: PageView<ProfileSummaryView> };
  recsProductSearch: { query: SearchQuery; answer: PageView<ProductView> };
}

export const recommendationRoutes = {
  recommenders: { method: 'GET', path: '/api/v1/recommenders' },
  recommender: { method: 'GET', path: '/api/v1/recommenders/{id}' },
  createRecommender: { method: 'POST', path: '/api/v1/recommenders' },
  updateRecommender: { method: 'PATCH', path: '/api/v1/recommenders/{id}' },
  deleteRecommender: { method: 'DELETE', path: '/api/v1/recommenders/{id}' },
  recommend: { method: 'POST', path: '/api/v1/recommendations' },
  recModels: { method: 'GET', path: '/api/v1/recommendations/models' },
  trainModel: { method: 'POST', path: '/api/v1/recommendations/models' },
  recEvaluations: { method: 'GET', path: '/api/v1/recommendations/evaluations' },
  recsPersonSearch: { method: 'GET', path: '/api/v1/profiles' },
  recsProductSearch: { method: 'GET', path: '/api/v1/catalog/products' },
} as const satisfies Record<keyof RecommendationEndpoints, RouteDefinition>;
