import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { ImportSummary, MonthlyReport, ReportFormat } from "../api/types";
import { readFileAsText } from "../files";
import { monthInOffice } from "../format";

/** One refused or guessed row of an import, as staff read it. */
export type ImportRowNote = { line: number | null; message: string };

const ROW_PATH = /^rows\[(\d+)\]$/;

const ISO_MONTH = /^\d{4}-\d{2}$/;

/**
 * The Laporan bulanan screen: one month's `monthlyReport`, and saving it as PDF or CSV through
 * the save dialog (the core writes the file). Kept by the app between visits.
 */
export class ReportState {
  readonly #backend: Backend;
  #sequence = 0;

  /** `YYYY-MM` in the month input. */
  month = $state(monthInOffice());
  report = $state.raw<MonthlyReport | null>(null);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);

  /** The format being saved. */
  saving = $state<ReportFormat | null>(null);
  saved = $state<string | null>(null);
  /** What the core said about the saved file (e.g. characters the PDF printed as □). */
  savedWarnings = $state<string[]>([]);
  saveError = $state<string | null>(null);

  importing = $state(false);
  imported = $state.raw<ImportSummary | null>(null);
  /** Why the whole file was refused: each unmatched row, or the file itself. */
  importProblems = $state.raw<ImportRowNote[]>([]);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /**
   * Imports past consultations from a CSV the user picked, then shows the month again. The
   * core takes every row or none; a refusal names each row it could not match.
   */
  async importFile(file: File): Promise<void> {
    if (this.importing) return;
    this.importing = true;
    this.imported = null;
    this.importProblems = [];
    try {
      let content: string;
      try {
        content = await readFileAsText(file);
      } catch {
        this.importProblems = [{ line: null, message: "Berkas tidak dapat dibaca. Coba pilih ulang berkasnya." }];
        return;
      }
      this.imported = await this.#backend.importHistory(file.name, content);
      await this.load();
    } catch (error) {
      const apiError = toApiError(error);
      const fields = apiError.details.fields.map((f) => {
        const row = ROW_PATH.exec(f.field);
        return { line: row ? Number(row[1]) : null, message: f.message };
      });
      this.importProblems = fields.length ? fields : [{ line: null, message: apiError.message }];
    } finally {
      this.importing = false;
    }
  }

  get validMonth(): boolean {
    return ISO_MONTH.test(this.month);
  }

  async load(): Promise<void> {
    if (!this.validMonth) {
      this.error = "Pilih bulan laporan.";
      this.phase = "error";
      return;
    }
    const month = this.month;
    const sequence = ++this.#sequence;
    this.phase = "loading";
    this.saved = null;
    this.saveError = null;
    try {
      const report = await this.#backend.monthlyReport(month);
      if (sequence !== this.#sequence) return;
      this.report = report;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }

  /** Asks where to save, then has the core write the report there. Closing the dialog saves nothing. */
  async download(format: ReportFormat): Promise<void> {
    if (this.saving || !this.validMonth) return;
    const month = this.month;
    this.saved = null;
    this.savedWarnings = [];
    this.saveError = null;
    this.saving = format;
    try {
      const path = await this.#backend.chooseSavePath(`laporan-konsultasi-${month}.${format}`, format);
      if (!path) return;
      const result = await this.#backend.saveExport({ kind: "monthly_report", month, format }, path);
      this.saved = result.path;
      this.savedWarnings = result.warnings;
    } catch (error) {
      this.saveError = toApiError(error).message;
    } finally {
      this.saving = null;
    }
  }
}
