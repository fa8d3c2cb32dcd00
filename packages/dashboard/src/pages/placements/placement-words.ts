import type { PlacementKind } from '@rapport/contracts';

/** The kinds of placement in words (contracts' placementKinds). */
export const kindLabels: Record<PlacementKind, { label: string; description: string }> = {
  content: { label: 'Content', description: 'Fields from Liquid templates: a hero, a banner, a call to action' },
  sort: { label: 'Sort a list', description: 'Orders the products a page sends (a category page) by the person’s interest' },
  search: { label: 'Search', description: 'Re-ranks search results, keeping the search engine’s order as the main signal' },
};
