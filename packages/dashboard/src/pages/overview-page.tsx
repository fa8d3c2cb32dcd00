import { ComingNext } from '../components/coming-next.js';

/** Overview: not built yet. */
export function OverviewPage() {
  return <ComingNext title="Overview" description="How the shop is doing at a glance: people seen, events received, orders and revenue, consent rates and the segments that grew or shrank." />;
}
