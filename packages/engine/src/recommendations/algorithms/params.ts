import { err, ok, type Result } from '@rapport/core';
import type { ParamValue, Params } from './recommender.js';

/** What an algorithm accepts: its defaults (which fix each parameter's type) and the closed vocabularies. */
export interface ParamSpec<T extends Params> {
  readonly defaults: T;
  /** Allowed values of string parameters. */
  readonly choices?: { readonly [K in keyof T]?: readonly string[] };
  /** Numeric parameters that must be whole numbers ≥ 1 (counts, sizes). */
  readonly counts?: readonly (keyof T & string)[];
}

/** A command-line value as the parameter's type: "10" → 10 for a number, "true" → true for a boolean. */
function coerce(value: ParamValue, like: ParamValue): ParamValue | undefined {
  if (typeof like === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof like === 'boolean') return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The defaults with `given` applied, each value checked against the default's type and the spec; every problem at
 * once, as sentences, otherwise. Unknown names are problems too: a typo must not silently train the default.
 */
export function readParams<T extends Params>(spec: ParamSpec<T>, given: Params): Result<T, string[]> {
  const problems: string[] = [];
  const out: Record<string, ParamValue> = { ...spec.defaults };
  for (const [name, value] of Object.entries(given)) {
    const like = spec.defaults[name];
    if (like === undefined) {
      problems.push(`unknown parameter ${name} (known: ${Object.keys(spec.defaults).join(', ')})`);
      continue;
    }
    const v = coerce(value, like);
    const choices = spec.choices?.[name];
    if (v === undefined) problems.push(`${name} must be a ${typeof like}, not ${JSON.stringify(value)}`);
    else if (choices !== undefined && !choices.includes(String(v))) problems.push(`${name} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
    else if (typeof v === 'number' && (v < 0 || (spec.counts?.includes(name) === true && (!Number.isInteger(v) || v < 1)))) {
      problems.push(`${name} must be ${spec.counts?.includes(name) === true ? 'a whole number ≥ 1' : '≥ 0'}, not ${String(value)}`);
    } else out[name] = v;
  }
  return problems.length > 0 ? err(problems) : ok(out as T);
}

/** As `readParams` for parameters that were valid when stored (a snapshot): a problem there is a bug, so it throws. */
export function storedParams<T extends Params>(spec: ParamSpec<T>, given: Params): T {
  const r = readParams(spec, given);
  if (!r.ok) throw new RangeError(`stored parameters are invalid: ${r.error.join('; ')}`);
  return r.value;
}
