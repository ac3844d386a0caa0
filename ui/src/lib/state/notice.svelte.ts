/** How long a notice stays before it goes by itself. */
export const NOTICE_MS = 6000;

/** The short confirmation under the app bar ("Permohonan #12 tersimpan"); one at a time. */
export class Notice {
  text = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string): void {
    clearTimeout(this.#timer);
    this.text = text;
    this.#timer = setTimeout(() => (this.text = null), NOTICE_MS);
  }

  dismiss(): void {
    this.text = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
