const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside `container` (a modal dialog: WAI-ARIA Authoring Practices, "Dialog (Modal)") and
 * calls `onEscape` on Escape. Returns a function that stops it.
 */
export function trapFocus(container: HTMLElement, onEscape: () => void): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) {
      event.preventDefault();
      container.focus();
      return;
    }
    const active = container.ownerDocument.activeElement;
    if (event.shiftKey && (active === first || active === container)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
  // Focus that leaves by other means (a click outside, a screen reader's virtual cursor) is brought back.
  const onFocusIn = (event: FocusEvent) => {
    if (event.target instanceof Node && !container.contains(event.target)) container.focus();
  };
  container.addEventListener('keydown', onKey);
  container.ownerDocument.addEventListener('focusin', onFocusIn);
  return () => {
    container.removeEventListener('keydown', onKey);
    container.ownerDocument.removeEventListener('focusin', onFocusIn);
  };
}
