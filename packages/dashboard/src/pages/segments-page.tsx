import { ComingNext } from '../components/coming-next.js';

/** Segments: not built yet. */
export function SegmentsPage() {
  return <ComingNext title="Segments" description="Build segments from behaviour, traits and RFM scores with a live preview of their size, and follow how they change." />;
}
