import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { Dashboard } from "../api/types";

/** The Dasbor screen: one `dashboard()` answer, reloaded on demand. */
export class DashboardState {
  readonly #backend: Backend;
  #sequence = 0;

  data = $state.raw<Dashboard | null>(null);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** `quiet`: a refetch after another desk's change, which keeps the cards shown meanwhile. */
  async load(quiet = false): Promise<void> {
    const sequence = ++this.#sequence;
    if (!quiet) this.phase = "loading";
    try {
      const data = await this.#backend.dashboard();
      if (sequence !== this.#sequence) return;
      this.data = data;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }
}
