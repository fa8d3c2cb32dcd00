/** The file formats `rapport import` reads (docs/import.md). */
export const importFormats = ['online-retail', 'segment-jsonl'] as const;
/** One of `importFormats`. */
export type ImportFormat = (typeof importFormats)[number];

/** True for the name of a format `rapport import` reads. */
export function isImportFormat(value: string): value is ImportFormat {
  return (importFormats as readonly string[]).includes(value);
}
