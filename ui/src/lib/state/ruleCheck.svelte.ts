import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { Finding, RequestInput, Severity } from "../api/types";
import { debounce, type Debounced } from "../debounce";

export const CHECK_DEBOUNCE_MS = 400;

/**
 * What the last answer said (a newer check may be under way: see `checking`):
 * - `idle`: no answer yet;
 * - `done`: `findings` are the rules' verdict;
 * - `incomplete`: the core could not read the input yet (validation): the user is mid-typing;
 * - `error`: the check itself failed.
 */
export type CheckPhase = "idle" | "done" | "incomplete" | "error";

type Pending = { id: number | null; input: RequestInput; key: string };

/**
 * The live rule check of the request form: debounced, and only the answer to the latest input
 * is ever shown (a slow answer to an older input is dropped).
 */
export class RuleCheck {
  readonly #backend: Backend;
  readonly #run: Debounced<[Pending]>;
  #sequence = 0;
  #lastKey: string | null = null;

  findings = $state.raw<Finding[]>([]);
  phase = $state<CheckPhase>("idle");
  /** A check waits for the pause or for its answer; the last answer stays shown meanwhile. */
  checking = $state(false);
  error = $state<string | null>(null);

  readonly groups = $derived.by(() => {
    const by: Record<Severity, Finding[]> = { block: [], warn: [], info: [] };
    for (const finding of this.findings) by[finding.severity].push(finding);
    return by;
  });

  constructor(backend: Backend, debounceMs = CHECK_DEBOUNCE_MS) {
    this.#backend = backend;
    this.#run = debounce((pending: Pending) => void this.#check(pending), debounceMs);
  }

  /** Asks for a check of `input` once the user pauses; repeated identical inputs are ignored. */
  request(id: number | null, input: RequestInput): void {
    const key = JSON.stringify([id, input]);
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    // Whatever is in flight now answers an older input.
    this.#sequence++;
    this.checking = true;
    this.#run({ id, input, key });
  }

  /** Checks the last input again at once (e.g. after a failure). */
  retry(id: number | null, input: RequestInput): void {
    this.#lastKey = null;
    this.request(id, input);
    this.#run.flush();
  }

  dispose(): void {
    this.#run.cancel();
    this.#sequence++;
    this.checking = false;
  }

  async #check({ id, input }: Pending): Promise<void> {
    const mine = ++this.#sequence;
    try {
      const findings = await this.#backend.checkRequestInput(id, input);
      if (mine !== this.#sequence) return;
      this.findings = findings;
      this.error = null;
      this.phase = "done";
      this.checking = false;
    } catch (error) {
      if (mine !== this.#sequence) return;
      const apiError = toApiError(error);
      this.checking = false;
      this.findings = [];
      if (apiError.code === "validation") {
        this.error = null;
        this.phase = "incomplete";
      } else {
        this.error = apiError.message;
        this.phase = "error";
      }
    }
  }
}
