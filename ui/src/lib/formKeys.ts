/**
 * Attachment for settings and scheduling forms: Enter in a text, number, date or time box does
 * not submit (staff press Enter out of habit; saving must be a deliberate click or Ctrl+Enter).
 * Ctrl+Enter submits the form the focus is in, and only that one.
 */
export function deliberateSubmit(form: HTMLFormElement): () => void {
  const onkeydown = (event: KeyboardEvent) => {
    if (event.key !== "Enter") return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      form.requestSubmit();
    } else if (event.target instanceof HTMLInputElement && event.target.type !== "file") {
      event.preventDefault();
    }
  };
  form.addEventListener("keydown", onkeydown);
  return () => form.removeEventListener("keydown", onkeydown);
}

/** Focuses the first invalid control of `root`, or else `fallback`. */
export function focusFirstInvalid(root: HTMLElement | undefined, fallback?: HTMLElement | null): void {
  const invalid = root?.querySelector<HTMLElement>(
    "input[aria-invalid='true'], select[aria-invalid='true'], textarea[aria-invalid='true']",
  );
  (invalid ?? fallback)?.focus();
}

/**
 * Attachment for short forms that are sent as a whole (sign-in style: accounts, passwords):
 * Enter in any of its boxes, selects and checkboxes submits, as it does in a text box. Buttons
 * keep their own Enter, and Enter while an input method composes does nothing.
 */
export function enterSubmits(form: HTMLFormElement): () => void {
  const onkeydown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    const field =
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && !["button", "submit", "reset", "file"].includes(target.type));
    if (!field) return;
    event.preventDefault();
    form.requestSubmit();
  };
  form.addEventListener("keydown", onkeydown);
  return () => form.removeEventListener("keydown", onkeydown);
}

/** Attachment for a small editor that can be left unsaved: Escape inside it calls `close`. */
export function escapeCloses(close: () => void): (form: HTMLFormElement) => () => void {
  return (form) => {
    const onkeydown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      close();
    };
    form.addEventListener("keydown", onkeydown);
    return () => form.removeEventListener("keydown", onkeydown);
  };
}
