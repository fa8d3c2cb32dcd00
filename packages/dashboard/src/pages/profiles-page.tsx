import { ComingNext } from '../components/coming-next.js';

/** Profiles: not built yet. */
export function ProfilesPage() {
  return <ComingNext title="Profiles" description="Search the people Rapport knows, and open one to see their identifiers, traits, events, consent and segments." />;
}
