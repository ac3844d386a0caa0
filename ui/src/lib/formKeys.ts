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
