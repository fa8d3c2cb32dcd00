import { createContext, useContext } from 'react';

/** What the builder's pickers offer: the workspace's consent purposes, the other segments, the geofences. */
export interface BuilderChoices {
  readonly purposes: readonly { id: string; name: string }[];
  readonly segments: readonly { id: string; name: string }[];
  readonly geofences: readonly { key: string; name: string }[];
}

export const BuilderContext = createContext<BuilderChoices>({ purposes: [], segments: [], geofences: [] });

export function useBuilderChoices(): BuilderChoices {
  return useContext(BuilderContext);
}
