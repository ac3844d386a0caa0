import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { MailDeliveryView } from "../api/types";

/**
 * The request form's "Surel undangan" panel: every message of one request to each recipient,
 * as the core lists them (`mailOfRequest`), and sending a failed or uncertain one again. Only
 * the answer to the latest load counts; a reload keeps the list shown until it is answered.
 */
export class RequestMail {
  readonly #backend: Backend;
  readonly #requestId: number;
  #sequence = 0;

  messages = $state.raw<MailDeliveryView[]>([]);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);
  /** The message being queued again, while the core answers. */
  resending = $state<number | null>(null);
  resendError = $state<string | null>(null);

  constructor(backend: Backend, requestId: number) {
    this.#backend = backend;
    this.#requestId = requestId;
  }

  async load(): Promise<void> {
    const mine = ++this.#sequence;
    this.phase = "loading";
    try {
      const messages = await this.#backend.mailOfRequest(this.#requestId);
      if (mine !== this.#sequence) return;
      this.messages = messages;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (mine !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }

  /** Queues one message again, then shows the list as it now stands. */
  async resend(messageId: number): Promise<void> {
    if (this.resending !== null) return;
    this.resending = messageId;
    this.resendError = null;
    try {
      await this.#backend.resendMail(messageId);
    } catch (error) {
      this.resendError = toApiError(error).message;
    } finally {
      this.resending = null;
    }
    await this.load();
  }
}
