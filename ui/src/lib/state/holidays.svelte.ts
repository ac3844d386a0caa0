import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { HolidayImport, HolidayKind, HolidayView } from "../api/types";
import { readFileAsText } from "../files";
import { yearOf } from "../format";
import { FieldErrors } from "./fieldErrors.svelte";

/** The Hari libur tab: one year's holidays, the add form and the .ics import. */
export class HolidayBook {
  readonly #backend: Backend;
  #sequence = 0;

  year = $state(0);
  items = $state.raw<HolidayView[]>([]);
  loading = $state(false);
  loadError = $state<string | null>(null);

  draft = $state<{ date: string; name: string; kind: HolidayKind }>({ date: "", name: "", kind: "national" });
  adding = $state(false);
  addError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  /** The row whose Hapus waits for a second click. */
  confirmingId = $state<number | null>(null);
  deleteError = $state<string | null>(null);

  importing = $state(false);
  importResult = $state.raw<HolidayImport | null>(null);
  importError = $state<string | null>(null);

  constructor(backend: Backend, year: number) {
    this.#backend = backend;
    this.year = year;
  }

  async load(year: number = this.year): Promise<void> {
    const mine = ++this.#sequence;
    this.year = year;
    this.loading = true;
    this.loadError = null;
    this.confirmingId = null;
    try {
      const items = await this.#backend.listHolidays(year);
      if (mine !== this.#sequence) return;
      this.items = items;
    } catch (error) {
      if (mine !== this.#sequence) return;
      this.loadError = toApiError(error).message;
    } finally {
      if (mine === this.#sequence) this.loading = false;
    }
  }

  /** Adds the draft; the list then shows the added holiday's year. Returns whether it was added. */
  async add(): Promise<boolean> {
    if (this.adding) return false;
    this.adding = true;
    this.addError = null;
    this.errors.clear();
    try {
      const items = await this.#backend.addHoliday({
        date: this.draft.date,
        name: this.draft.name.trim(),
        kind: this.draft.kind,
      });
      this.#sequence++; // an older load must not overwrite this answer
      this.year = yearOf(this.draft.date) ?? this.year;
      this.items = items;
      this.loading = false;
      this.draft = { date: "", name: "", kind: this.draft.kind };
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
      await this.#backend.deleteHoliday(id);
      this.confirmingId = null;
      await this.load();
    } catch (error) {
      this.deleteError = toApiError(error).message;
    }
  }

  /** Sends the text of an .ics file; the window reads it, the core parses it. */
  async importFile(file: Blob): Promise<void> {
    this.importing = true;
    this.importResult = null;
    this.importError = null;
    try {
      let content: string;
      try {
        content = await readFileAsText(file);
      } catch {
        this.importError = "Berkas tidak dapat dibaca. Coba pilih ulang berkasnya.";
        return;
      }
      this.importResult = await this.#backend.importHolidaysIcs(content);
      await this.load();
    } catch (error) {
      const apiError = toApiError(error);
      // The core names the file itself ("file") when it is no iCalendar at all.
      const fileError = apiError.details.fields.find((f) => f.field === "file")?.message;
      this.importError = fileError ?? apiError.message;
    } finally {
      this.importing = false;
    }
  }
}
