import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { ConfirmInput, ConfirmationChannel, DeskAction, RequestDetail } from "../api/types";
import { clockInOffice, todayInOffice } from "../format";
import { FieldErrors } from "./fieldErrors.svelte";
import type { Refusal } from "./schedule.svelte";

/** The small forms some actions need before they can be sent. */
export type ActionForm = "confirm" | "cancel" | "reject";

/** Field paths with an input in the action forms. */
const CONFIRM_PATHS = ["date", "time", "confirmed_by", "via"];
const REASON_PATHS = ["reason"];

/**
 * The workflow buttons of one stored request: which small form is open, what it holds, and the
 * core's answer. A refusal (`policy`/`conflict`) keeps its message and findings; a `validation`
 * answer places its field errors. Nothing here decides what is allowed: the core does.
 */
export class RequestWorkflow {
  readonly #backend: Backend;
  readonly id: number;

  open = $state<ActionForm | null>(null);
  /** The action being sent. */
  busy = $state<DeskAction | null>(null);
  refusal = $state.raw<Refusal | null>(null);
  formError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  confirmDate = $state("");
  confirmTime = $state("");
  confirmedBy = $state("");
  via = $state<ConfirmationChannel | "">("");
  reason = $state("");

  /** Errors with no input on screen (e.g. `actor` when no profile is selected). */
  readonly unplacedErrors = $derived.by(() => {
    const placed = this.open === "confirm" ? CONFIRM_PATHS : this.open ? REASON_PATHS : [];
    return this.errors.entries().filter(([path]) => !placed.includes(path));
  });

  constructor(backend: Backend, id: number) {
    this.#backend = backend;
    this.id = id;
  }

  /**
   * Opens the form of `kind` afresh. A confirmation defaults to now (WIB) and to the request's
   * contact person, who usually answers for the Pemda.
   */
  openForm(kind: ActionForm, detail: Pick<RequestDetail, "contact">, now: Date = new Date()): void {
    this.clearProblems();
    this.open = kind;
    if (kind === "confirm") {
      this.confirmDate = todayInOffice(now);
      this.confirmTime = clockInOffice(now);
      this.confirmedBy = detail.contact.name;
      this.via = "";
    } else {
      this.reason = "";
    }
  }

  close(): void {
    this.open = null;
    this.clearProblems();
  }

  confirmInput(): ConfirmInput {
    return {
      date: this.confirmDate,
      time: this.confirmTime,
      confirmed_by: this.confirmedBy.trim(),
      via: this.via === "" ? null : this.via,
    };
  }

  verify(): Promise<RequestDetail | null> {
    return this.#run("verify", () => this.#backend.verifyRequest(this.id));
  }

  confirm(): Promise<RequestDetail | null> {
    return this.#run("confirm", () => this.#backend.confirmRequest(this.id, this.confirmInput()));
  }

  cancel(): Promise<RequestDetail | null> {
    return this.#run("cancel", () => this.#backend.cancelRequest(this.id, { reason: this.reason }));
  }

  reject(): Promise<RequestDetail | null> {
    return this.#run("reject", () => this.#backend.rejectRequest(this.id, { reason: this.reason }));
  }

  clearProblems(): void {
    this.refusal = null;
    this.formError = null;
    this.errors.clear();
  }

  /** Sends one action; returns the updated request, or null with the answer kept for display. */
  async #run(action: DeskAction, send: () => Promise<RequestDetail>): Promise<RequestDetail | null> {
    if (this.busy) return null;
    this.busy = action;
    this.clearProblems();
    try {
      const updated = await send();
      this.open = null;
      return updated;
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === "policy" || apiError.code === "conflict") {
        this.refusal = { message: apiError.message, findings: apiError.details.findings };
      } else {
        this.formError = apiError.message;
        this.errors.replace(apiError.details.fields);
      }
      return null;
    } finally {
      this.busy = null;
    }
  }
}
