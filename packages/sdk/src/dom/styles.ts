/**
 * The renderer's look, kept small and overridable: every element has a `rapport-` class, and colours come from CSS
 * variables (`--rapport-bg`, `--rapport-fg`, `--rapport-accent`). Pass `styles: false` to style it all yourself (or
 * when a Content-Security-Policy refuses inline styles without a nonce; `nonce` is the other way).
 */
export const RENDERER_CSS = `
.rapport-overlay{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:center;justify-content:center;padding:16px;background:rgba(0,0,0,.5)}
.rapport-message{--rapport-bg:#fff;--rapport-fg:#1a1a1a;--rapport-accent:#1a56db;box-sizing:border-box;background:var(--rapport-bg);color:var(--rapport-fg);font:16px/1.4 system-ui,sans-serif;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);padding:20px;position:relative}
.rapport-modal{max-width:420px;width:100%;max-height:90vh;overflow:auto}
.rapport-banner{position:fixed;top:0;left:0;right:0;z-index:2147483000;border-radius:0;padding:12px 48px 12px 16px}
.rapport-toast{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:2147483000;max-width:min(420px,calc(100vw - 32px));width:100%;padding-right:48px}
.rapport-card{margin:12px 0}
.rapport-title{font-size:1.15em;margin:0 0 8px}
.rapport-body{margin:0 0 12px}
.rapport-image{display:block;max-width:100%;height:auto;border-radius:8px;margin:0 0 12px}
.rapport-buttons{display:flex;gap:8px;flex-wrap:wrap}
.rapport-button{font:inherit;padding:10px 16px;min-height:44px;border-radius:8px;border:1px solid var(--rapport-accent);background:var(--rapport-accent);color:#fff;cursor:pointer}
.rapport-button+.rapport-button{background:transparent;color:var(--rapport-accent)}
.rapport-close{position:absolute;top:4px;right:4px;width:44px;height:44px;border:0;background:transparent;color:inherit;font-size:24px;cursor:pointer}
@media (prefers-reduced-motion:no-preference){.rapport-message{animation:rapport-in .2s ease-out}@keyframes rapport-in{from{opacity:0}to{opacity:1}}}
`;

/** Adds the stylesheet once per document. */
export function installStyles(doc: Document, nonce: string | undefined): void {
  if (doc.getElementById('rapport-styles') !== null) return;
  const style = doc.createElement('style');
  style.id = 'rapport-styles';
  if (nonce !== undefined) style.nonce = nonce;
  style.textContent = RENDERER_CSS;
  doc.head.appendChild(style);
}
