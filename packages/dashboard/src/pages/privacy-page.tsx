import { ComingNext } from '../components/coming-next.js';

/** Privacy: not built yet. */
export function PrivacyPage() {
  return <ComingNext title="Privacy" description="Export or erase a person's data, follow privacy requests, and review consent purposes and retention." />;
}
