import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { SessionOverrideView } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";
import { WeekEditor } from "./weekEditor.svelte";

const PLACED = new Set(["label", "from", "to"]);

/** The Jam layanan khusus tab: periods (e.g. Ramadan) with their own weekly session windows. */
export class SessionOverrideBook {
  readonly #backend: Backend;

  items = $state.raw<SessionOverrideView[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);

  label = $state("");
  from = $state("");
  to = $state("");
  readonly week = new WeekEditor();
  adding = $state(false);
  addError = $state<string | null>(null);
  readonly errors = new FieldErrors();
  readonly unplacedErrors = $derived(
    this.errors.entries().filter(([path]) => !PLACED.has(path) && !path.startsWith("weekly_windows")),
  );

  confirmingId = $state<number | null>(null);
  deleteError = $state<string | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Loads the periods, and starts the editor from the regular weekly windows in force. */
  async load(): Promise<void> {
    this.loadError = null;
    try {
      const [items, overview] = await Promise.all([
        this.#backend.listSessionOverrides(),
        this.loaded ? null : this.#backend.policyOverview(),
      ]);
      this.items = items;
      if (overview) this.week.reset(overview.in_force.settings.weekly_windows);
      this.loaded = true;
    } catch (error) {
      this.loadError = toApiError(error).message;
    }
  }

  async add(): Promise<boolean> {
    if (this.adding) return false;
    this.adding = true;
    this.addError = null;
    this.errors.clear();
    try {
      this.items = await this.#backend.addSessionOverride({
        label: this.label.trim(),
        from: this.from,
        to: this.to,
        weekly_windows: this.week.toSettings(),
      });
      this.label = "";
      this.from = "";
      this.to = "";
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.addError = apiError.message;
      this.errors.replace(apiError.details.fields);
      return false;
    } finally {
      this.adding = false;
    }
  }

  async remove(id: number): Promise<void> {
    this.deleteError = null;
    try {
      await this.#backend.deleteSessionOverride(id);
      this.confirmingId = null;
      this.items = await this.#backend.listSessionOverrides();
    } catch (error) {
      this.deleteError = toApiError(error).message;
    }
  }
}
