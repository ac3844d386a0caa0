import { invoke } from "@tauri-apps/api/core";
import { toApiError, type Backend } from "./backend";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiError(error);
  }
}

export const tauriBackend: Backend = {
  listRequests: (filter) => call("list_requests", { filter }),
  getRequest: (id) => call("get_request", { id }),
  createRequest: (input) => call("create_request", { input }),
  updateRequest: (id, input) => call("update_request", { id, input }),
  searchRequesters: (query, limit) => call("search_requesters", { query, limit }),
  listTopics: () => call("list_topics"),
};
