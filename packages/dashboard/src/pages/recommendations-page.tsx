import { ComingNext } from '../components/coming-next.js';

/** Recommendations: not built yet. */
export function RecommendationsPage() {
  return <ComingNext title="Recommendations" description="Named recommenders, trained models and how they compare with the most popular products, with the reasons for each recommendation." />;
}
