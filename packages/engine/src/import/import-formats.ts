/** The file formats `rapport import` reads (docs/import.md). */
export const importFormats = ['online-retail', 'segment-jsonl'] as const;
/** One of `importFormats`. */
export type ImportFormat = (typeof importFormats)[number];
