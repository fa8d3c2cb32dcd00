import type { DeliveredMessageView } from '@rapport/contracts';

/**
 * What the phone frame shows: an in-app message as the SDK renders it, a placement's content as a simple hero card,
 * or a note in words.
 */
export type PhoneScene =
  | { readonly kind: 'message'; readonly message: DeliveredMessageView }
  | { readonly kind: 'hero'; readonly content: Readonly<Record<string, string>> }
  | { readonly kind: 'note'; readonly text: string };

/** What a scene's drawing reports: the message is on screen, or the SDK's script is not there. */
export type DrawOutcome = 'shown' | 'no-sdk' | 'not-shown';

/** The part of the SDK's script-tag build (window.Rapport, packages/sdk/src/dom/script-tag.ts) the preview uses. */
interface SdkGlobal {
  readonly createDomRenderer?: (options: { document: Document; cardContainer: HTMLElement; openUrl: (url: string) => void }) => {
    show(message: DeliveredMessageView, actions: { shown(): void; dismissed(): void; clicked(button: number): void }): boolean | void;
  };
}

/** The look of the pretend shop page the preview draws on: a bar and grey blocks where the shop's content would be. */
const PAGE_CSS = `
html,body{margin:0;height:100%;background:#f1f3f5;font:16px/1.4 system-ui,sans-serif;color:#212529}
.shop-bar{height:52px;background:#fff;border-bottom:1px solid #dee2e6;display:flex;align-items:center;padding:0 16px;font-weight:600}
main{padding:16px}
.block{background:#e9ecef;border-radius:12px;height:120px;margin:0 0 16px}
.block.small{height:64px}
.hero{background:#fff;border-radius:12px;box-shadow:0 2px 10px rgba(0,0,0,.08);padding:16px;margin:0 0 16px}
.hero img{display:block;width:100%;height:auto;border-radius:8px;margin:0 0 12px}
.hero h2{font-size:1.3em;margin:0 0 8px}
.hero p{margin:0 0 12px;white-space:pre-wrap}
.hero .cta{display:inline-block;font:inherit;padding:10px 16px;border-radius:8px;border:0;background:#0b7285;color:#fff}
.hero .cta-url{display:block;margin-top:6px;font-size:12px;color:#868e96;word-break:break-all}
.note{background:#fff3bf;border-radius:12px;padding:16px;margin:0 0 16px}
`;

/**
 * The frame's document: the SDK's script-tag build from this server and a pretend page — nothing inline but styles,
 * which the dashboard's Content-Security-Policy allows ('self' scripts only). The frame inherits that policy.
 */
export const PHONE_DOCUMENT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Preview</title><style>${PAGE_CSS}</style></head>
<body><div class="shop-bar">Your shop</div><main><div id="note"></div><div id="slot"></div><div id="cards"></div><div class="block"></div><div class="block small"></div><div class="block"></div><div class="block small"></div></main>
<script src="/sdk/rapport.js"></script></body></html>`;

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  // Content comes from templates: always text, never HTML.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Takes away what the last scene drew; a message the SDK shows is closed through its own close button. */
function clear(doc: Document): void {
  for (const close of doc.querySelectorAll<HTMLElement>('.rapport-message .rapport-close')) close.click();
  for (const node of doc.querySelectorAll('.rapport-overlay, body > .rapport-message')) node.remove();
  for (const id of ['note', 'slot', 'cards']) doc.getElementById(id)?.replaceChildren();
}

function drawHero(doc: Document, content: Readonly<Record<string, string>>, placeholder: string): void {
  const card = element(doc, 'section', 'hero');
  card.setAttribute('aria-label', 'The placement’s content');
  if ((content['image'] ?? '').trim() !== '') {
    const img = element(doc, 'img', '');
    img.src = placeholder;
    img.alt = content['imageAlt'] ?? '';
    card.appendChild(img);
  }
  if ((content['title'] ?? '') !== '') card.appendChild(element(doc, 'h2', '', content['title']));
  if ((content['body'] ?? '') !== '') card.appendChild(element(doc, 'p', '', content['body']));
  if ((content['ctaText'] ?? '') !== '') {
    const cta = element(doc, 'button', 'cta', content['ctaText']);
    cta.type = 'button';
    card.appendChild(cta);
    if ((content['ctaUrl'] ?? '') !== '') card.appendChild(element(doc, 'span', 'cta-url', `→ ${content['ctaUrl']}`));
  }
  if (card.childElementCount === 0) card.appendChild(element(doc, 'p', '', 'The content has no title, body, image or ctaText field: see its fields beside the phone.'));
  doc.getElementById('slot')?.appendChild(card);
}

function note(doc: Document, text: string): void {
  const p = element(doc, 'p', 'note', text);
  p.setAttribute('role', 'note');
  doc.getElementById('note')?.appendChild(p);
}

/**
 * Draws a scene into the frame's document. A message is handed to the SDK's own renderer (so it looks and behaves
 * exactly as in the shop); `onClosed` is told when the person closes it in the preview.
 */
export function drawScene(doc: Document, scene: PhoneScene, o: { readonly placeholder: string; readonly onClosed: () => void }): DrawOutcome {
  clear(doc);
  switch (scene.kind) {
    case 'note':
      note(doc, scene.text);
      return 'not-shown';
    case 'hero':
      drawHero(doc, scene.content, o.placeholder);
      return 'shown';
    case 'message': {
      const sdk = (doc.defaultView as (Window & { Rapport?: SdkGlobal }) | null)?.Rapport;
      const cards = doc.getElementById('cards');
      if (sdk?.createDomRenderer === undefined || cards === null) {
        note(doc, 'The SDK’s script is not on this server (/sdk/rapport.js): run npm run build, then reload this page, to see the message as the SDK shows it.');
        return 'no-sdk';
      }
      let open = true;
      const closed = () => {
        if (!open) return;
        open = false;
        o.onClosed();
      };
      const renderer = sdk.createDomRenderer({ document: doc, cardContainer: cards, openUrl: () => undefined });
      // The dashboard loads nothing from other sites (its Content-Security-Policy): a placeholder stands in for the image.
      const message = { ...scene.message, imageUrl: scene.message.imageUrl === null ? null : o.placeholder };
      const shown = renderer.show(message, { shown: () => undefined, dismissed: closed, clicked: closed });
      return shown === false ? 'not-shown' : 'shown';
    }
  }
}
