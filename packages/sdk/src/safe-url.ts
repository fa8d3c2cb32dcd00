/**
 * A URL from a message or a placement's content that is safe to open or to put in an `href` or `src`: http(s), a
 * path or a relative URL, an app's own scheme (`myshop://…`), `mailto:` or `tel:`. Null for `javascript:`, `data:`,
 * `vbscript:` and `file:` URLs — content comes from templates that the server renders with the person's own data —
 * and for anything with control characters, which browsers strip before reading the scheme.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || /[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return trimmed;
  return ['javascript', 'data', 'vbscript', 'file', 'blob', 'filesystem'].includes(scheme) ? null : trimmed;
}
