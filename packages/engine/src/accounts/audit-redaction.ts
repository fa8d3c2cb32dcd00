/** Field names whose values are secrets, wherever they appear in a document. */
const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie/i;

/**
 * Secrets Rapport makes: secret and write keys, identity secrets, setup and invitation tokens, session tokens (also inside a URL, as
 * an invitation link carries its token). Keys the API creates always carry their prefix (only keys set through the
 * environment may lack it, and those never travel through the API), so a `key` field needs no rule of its own —
 * geofences have keys that are names, not secrets.
 */
const SECRET_VALUE = /\b(?:sk|wk|setup|inv|ses|idv)_[A-Za-z0-9_-]{16,}/g;

export const REDACTED = '[redacted]';

/** What the audit log keeps of one document at most: 16 KiB of JSON. A bulk upload keeps only its size. */
const MAX_JSON_CHARS = 16 * 1024;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(SECRET_VALUE, REDACTED);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_FIELD.test(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

/**
 * A document as the audit log keeps it, as JSON text: secrets replaced by "[redacted]", and larger documents replaced
 * by their size. Undefined and null give null.
 */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(redactValue(value, 0));
  return text.length <= MAX_JSON_CHARS ? text : JSON.stringify({ truncated: true, characters: text.length });
}
