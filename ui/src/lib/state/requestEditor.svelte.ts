import { untrack } from "svelte";
import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { RequestDetail } from "../api/types";
import { AuditHistory } from "./history.svelte";
import { RequestFormState } from "./requestForm.svelte";
import { RuleCheck } from "./ruleCheck.svelte";
import { RequestWorkflow } from "./workflow.svelte";

/** How a press of "Simpan" ended: stored, refused by the core (problems placed), or not sent. */
export type SaveOutcome = "saved" | "refused" | "skipped";

/**
 * The request form screen of one permohonan (stored, or new with id null): loads the stored
 * request, keeps its editable model, the live rule check, the audit timeline and the workflow
 * buttons, saves, and asks before unsaved edits are thrown away. The view renders it.
 *
 * Construct it during the view's initialisation: the rule check's effect lives as long as the view.
 */
export class RequestEditor {
  readonly #backend: Backend;
  readonly #onsaved: (detail: RequestDetail) => void;
  /** Fixed for the editor's life: another request gets another editor. */
  readonly id: number | null;
  readonly check: RuleCheck;
  readonly history: AuditHistory;
  readonly workflow: RequestWorkflow | null;

  form = $state<RequestFormState | null>(null);
  detail = $state<RequestDetail | null>(null);
  loadError = $state<string | null>(null);
  /** Where leaving goes once the user agrees to throw away the unsaved edits; null while not asking. */
  leaveAction = $state<(() => void) | null>(null);

  readonly isNew: boolean;
  /** A consultation that took place, was refused or called off is history: shown, not edited. */
  readonly readOnly = $derived(!!this.detail && !this.detail.editable);
  /** Bookable (the core refuses the rest anyway), or booked already. */
  readonly showSchedule = $derived(
    !!this.detail && (this.detail.booking !== null || this.detail.actions.some((a) => a.action === "schedule")),
  );

  constructor(backend: Backend, id: number | null, onsaved: (detail: RequestDetail) => void) {
    this.#backend = backend;
    this.#onsaved = onsaved;
    this.id = id;
    this.isNew = id === null;
    this.check = new RuleCheck(backend);
    this.history = new AuditHistory(backend);
    this.workflow = id === null ? null : new RequestWorkflow(backend, id);

    // Every edit asks the rules again (debounced; only the latest answer counts).
    $effect(() => {
      const form = this.form;
      if (!form) return;
      const input = form.checkInput();
      const requestId = form.id;
      untrack(() => this.check.request(requestId, input));
    });
  }

  retryCheck(): void {
    if (this.form) this.check.retry(this.form.id, this.form.checkInput());
  }

  refreshHistory(): void {
    if (this.id !== null) void this.history.load(this.id);
  }

  /** Every workflow step answers with the stored request: show it and its new history entry. */
  followStep(updated: RequestDetail): void {
    this.detail = updated;
    this.form?.followStep(updated);
    this.refreshHistory();
  }

  /** Loads the stored request into a fresh form (again after a conflict), or starts a new one. */
  async load(): Promise<void> {
    this.loadError = null;
    if (this.id === null) {
      this.form = new RequestFormState();
      return;
    }
    try {
      this.detail = await this.#backend.getRequest(this.id);
      this.form = RequestFormState.fromDetail(this.detail);
      this.refreshHistory();
    } catch (error) {
      this.loadError = toApiError(error).message;
    }
  }

  /**
   * Leaves through `proceed` at once, or, with unsaved edits, keeps it until the user agrees to
   * throw them away. True when it asks.
   */
  requestLeave(proceed: () => void): boolean {
    if (this.form?.dirty && !this.form.saving) {
      this.leaveAction = proceed;
      return true;
    }
    proceed();
    return false;
  }

  confirmLeave(): void {
    const proceed = this.leaveAction;
    this.leaveAction = null;
    proceed?.();
  }

  keepEditing(): void {
    this.leaveAction = null;
  }

  async save(): Promise<SaveOutcome> {
    const current = this.form;
    if (!current || current.saving || current.readingScan || this.readOnly) return "skipped";
    this.leaveAction = null;
    current.saving = true;
    current.formError = null;
    current.stale = false;
    current.errors.clear();
    const input = current.toInput();
    try {
      const saved =
        current.id === null
          ? await this.#backend.createRequest(input)
          : // A form without a loaded version (never the case for a stored request) sends 0,
            // which no request has: the core then refuses instead of overwriting.
            await this.#backend.updateRequest(current.id, current.version ?? 0, input);
      current.markClean();
      this.#onsaved(saved);
      return "saved";
    } catch (error) {
      const apiError = toApiError(error);
      current.formError = apiError.message;
      // Changed meanwhile by another desk (or closed): nothing typed is thrown away; reloading
      // is offered, and only happens when asked for.
      current.stale = apiError.code === "conflict";
      current.errors.replace(apiError.details.fields);
      return "refused";
    } finally {
      current.saving = false;
    }
  }

  /** Edited fields lose their (now stale) server error; inputs are named after their error path. */
  clearFieldError(name: string): void {
    this.form?.errors.delete(name);
  }

  dispose(): void {
    this.check.dispose();
  }
}
