/**
 * Money as whole millionths of a unit, so that the sum of an invoice's lines is exact: adding prices as floats drifts,
 * and a drift across a half cent changes the rounded revenue.
 */
const DECIMAL = /^(-?)(\d{1,9})(?:\.(\d{0,6}))?$/;

/** The millionths in a plain decimal number (`2.55`, `-11062.06`, `0.001`); undefined for anything else. */
export function parseMicros(text: string): number | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const micros = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' && micros !== 0 ? -micros : micros;
}

/** Millionths rounded to cents, half away from zero, as an amount (`15.3`). */
export function roundToCents(micros: number): number {
  return (Math.sign(micros) * Math.round(Math.abs(micros) / 10_000)) / 100;
}
