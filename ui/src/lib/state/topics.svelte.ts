import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { Topic } from "../api/types";

export type TopicGroup = { unit_code: string; unit_name: string; topics: Topic[] };

/** The topic catalogue, fetched once and shared by the list (names) and the form (checkboxes). */
export class TopicCatalog {
  readonly #backend: Backend;
  #pending: Promise<void> | null = null;

  topics = $state.raw<Topic[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  readonly groups = $derived.by(() => {
    const byUnit = new Map<string, TopicGroup>();
    for (const topic of this.topics) {
      let group = byUnit.get(topic.unit_code);
      if (!group) {
        group = { unit_code: topic.unit_code, unit_name: topic.unit_name, topics: [] };
        byUnit.set(topic.unit_code, group);
      }
      group.topics.push(topic);
    }
    return [...byUnit.values()];
  });
  readonly #names = $derived(new Map(this.topics.map((t) => [t.code, t.name])));

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Loads once; after a failure the next call tries again. */
  load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.#pending ??= this.#fetch().finally(() => (this.#pending = null));
    return this.#pending;
  }

  /** Display name for a topic code; unknown values (or names already) pass through unchanged. */
  nameOf(code: string): string {
    return this.#names.get(code) ?? code;
  }

  async #fetch(): Promise<void> {
    try {
      this.topics = await this.#backend.listTopics();
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = toApiError(error).message;
    }
  }
}
