import { SvelteMap } from "svelte/reactivity";
import type { FieldError } from "../api/types";

/** Field errors keyed by the core's dotted path (e.g. `guests[1].name`). */
export class FieldErrors {
  readonly #byPath = new SvelteMap<string, string>();

  get size(): number {
    return this.#byPath.size;
  }

  get(path: string): string | null {
    return this.#byPath.get(path) ?? null;
  }

  entries(): Array<[string, string]> {
    return [...this.#byPath.entries()];
  }

  replace(fields: readonly FieldError[]): void {
    this.#byPath.clear();
    for (const { field, message } of fields) {
      const existing = this.#byPath.get(field);
      this.#byPath.set(field, existing ? `${existing} ${message}` : message);
    }
  }

  delete(path: string): void {
    this.#byPath.delete(path);
  }

  /** Drops every error under a list (e.g. `guests[`) whose row indexes no longer line up. */
  deletePrefix(prefix: string): void {
    for (const path of [...this.#byPath.keys()]) {
      if (path.startsWith(prefix)) this.#byPath.delete(path);
    }
  }

  clear(): void {
    this.#byPath.clear();
  }
}
