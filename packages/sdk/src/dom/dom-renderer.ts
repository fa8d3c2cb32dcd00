import { safeUrl, type InAppMessage, type MessageActions, type MessageRenderer } from '../index.js';
import { trapFocus } from './focus-trap.js';
import { messageView } from './message-view.js';
import { installStyles } from './styles.js';

/** Options of the web renderer. */
export interface DomRendererOptions {
  /** Where `card` messages go: an element or a CSS selector. Without one, card messages are not shown. */
  readonly cardContainer?: HTMLElement | string;
  /** How long a toast stays (ms), paused while hovered or focused. Default 8000. */
  readonly toastMs?: number;
  /** Add the default stylesheet. Default true. */
  readonly styles?: boolean;
  /** A Content-Security-Policy nonce for the stylesheet. */
  readonly nonce?: string;
  /** Opens a button's URL. Default: navigate the page to it. */
  readonly openUrl?: (url: string) => void;
  /** The document to render into. Default: the page's. */
  readonly document?: Document;
}

/**
 * Renders in-app messages in a web page, accessibly: `modal` as a modal dialog (role=dialog, aria-modal, named by its
 * title, focus kept inside, Escape closes, focus returns where it was); `banner` at the top of the page; `toast` as a
 * polite status that goes away after `toastMs`; `card` inside `cardContainer`. Texts are set as text, never HTML.
 */
export function createDomRenderer(options: DomRendererOptions = {}): MessageRenderer {
  return {
    show(message: InAppMessage, actions: MessageActions): boolean {
      const doc = options.document ?? document;
      if (options.styles !== false) installStyles(doc, options.nonce);
      const cleanups: (() => void)[] = [];
      let done = false;
      const remove = () => {
        if (done) return false;
        done = true;
        for (const f of cleanups.reverse()) f();
        return true;
      };
      const view = messageView(doc, message, message.format, {
        onClose: () => remove() && actions.dismissed(),
        onButton: (index) => {
          const button = message.buttons[index];
          if (!remove()) return;
          actions.clicked(index);
          const url = button?.action === 'open_url' ? safeUrl(button.url) : null;
          if (url !== null) (options.openUrl ?? ((u: string) => doc.defaultView?.location.assign(u)))(url);
        },
      });
      const { root } = view;
      switch (message.format) {
        case 'modal': {
          const previous = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
          const overlay = doc.createElement('div');
          overlay.className = 'rapport-overlay';
          root.setAttribute('role', 'dialog');
          root.setAttribute('aria-modal', 'true');
          root.setAttribute('aria-labelledby', view.titleId);
          if (view.bodyId !== null) root.setAttribute('aria-describedby', view.bodyId);
          root.tabIndex = -1;
          // A click on the backdrop (not on the dialog) closes it, as people expect of a dialog over a page.
          overlay.addEventListener('click', (event) => event.target === overlay && remove() && actions.dismissed());
          overlay.appendChild(root);
          doc.body.appendChild(overlay);
          cleanups.push(() => overlay.remove());
          cleanups.push(trapFocus(root, () => remove() && actions.dismissed()));
          // Focus goes back where it was — registered last, so it runs after the dialog is gone.
          cleanups.unshift(() => previous?.isConnected && previous.focus());
          (root.querySelector<HTMLElement>('.rapport-button') ?? root.querySelector<HTMLElement>('.rapport-close') ?? root).focus();
          break;
        }
        case 'banner':
        case 'toast': {
          if (message.format === 'banner') {
            root.setAttribute('role', 'region');
            root.setAttribute('aria-labelledby', view.titleId);
          } else {
            // Announced without moving focus (WAI-ARIA role=status is polite).
            root.setAttribute('role', 'status');
            root.setAttribute('aria-live', 'polite');
            root.setAttribute('aria-atomic', 'true');
            const view = doc.defaultView ?? window;
            let timer = 0;
            const pause = () => view.clearTimeout(timer);
            const start = () => {
              pause();
              timer = view.setTimeout(() => remove() && actions.dismissed(), options.toastMs ?? 8000);
            };
            for (const type of ['mouseenter', 'focusin']) root.addEventListener(type, pause);
            for (const type of ['mouseleave', 'focusout']) root.addEventListener(type, start);
            start();
            cleanups.push(pause);
          }
          doc.body.appendChild(root);
          cleanups.push(() => root.remove());
          break;
        }
        case 'card': {
          const target = typeof options.cardContainer === 'string' ? doc.querySelector<HTMLElement>(options.cardContainer) : (options.cardContainer ?? null);
          if (target === null) return false;
          root.setAttribute('role', 'region');
          root.setAttribute('aria-labelledby', view.titleId);
          target.appendChild(root);
          cleanups.push(() => root.remove());
          break;
        }
      }
      actions.shown();
      return true;
    },
  };
}
