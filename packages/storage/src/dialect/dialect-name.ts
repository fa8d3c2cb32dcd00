export const dialectNames = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof dialectNames)[number];
