import { safeUrl, type InAppMessage } from '../index.js';

/** What the view reports: a button pressed (its index), or the close button. */
export interface ViewEvents {
  readonly onButton: (index: number) => void;
  readonly onClose: () => void;
}

/**
 * The elements of a message: close button, image, title, body, buttons — every text set with textContent, never
 * parsed as HTML (the texts come from templates rendered with the person's data), URLs checked by safeUrl.
 */
export function messageView(doc: Document, message: InAppMessage, format: string, events: ViewEvents): { root: HTMLElement; titleId: string; bodyId: string | null } {
  // Unique in the page without a counter kept between calls.
  const id = `rapport-${Math.random().toString(36).slice(2, 10)}`;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const root = el('div', `rapport-message rapport-${format}`);
  const close = el('button', 'rapport-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  close.addEventListener('click', events.onClose);
  const image = safeUrl(message.imageUrl);
  if (image !== null) {
    const img = el('img', 'rapport-image');
    img.src = image;
    // No description: decorative, skipped by screen readers.
    img.alt = message.imageAlt ?? '';
    root.appendChild(img);
  }
  const title = el('h2', 'rapport-title', message.title);
  title.id = `${id}-title`;
  root.appendChild(title);
  let bodyId: string | null = null;
  if (message.body !== null && message.body !== '') {
    const body = el('p', 'rapport-body', message.body);
    bodyId = body.id = `${id}-body`;
    root.appendChild(body);
  }
  if (message.buttons.length > 0) {
    const row = el('div', 'rapport-buttons');
    message.buttons.forEach((b, i) => {
      const button = el('button', 'rapport-button', b.text);
      button.type = 'button';
      button.addEventListener('click', () => events.onButton(i));
      row.appendChild(button);
    });
    root.appendChild(row);
  }
  root.appendChild(close);
  return { root, titleId: title.id, bodyId };
}
