import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import { ApiError, toApiError } from "../lib/api/backend";
import { tauriBackend } from "../lib/api/tauri";
import type { RequestInput } from "../lib/api/types";

const input = { channel: "video_conference" } as RequestInput;

// Like Tauri, reject only when called (a pre-made rejected promise would count as unhandled).
const rejectWith = (reason: unknown) =>
  invoke.mockImplementation(() => Promise.reject(reason));

describe("tauriBackend", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("calls each command with the documented arguments", async () => {
    invoke.mockResolvedValue([]);
    const filter = { status: null, channel: "in_person" as const, region_code: null, text: "bogor" };
    await tauriBackend.listRequests(filter);
    await tauriBackend.getRequest(3);
    await tauriBackend.createRequest(input);
    await tauriBackend.updateRequest(3, input);
    await tauriBackend.searchRequesters("bog", 20);
    await tauriBackend.listTopics();
    expect(invoke.mock.calls).toEqual([
      ["list_requests", { filter }],
      ["get_request", { id: 3 }],
      ["create_request", { input }],
      ["update_request", { id: 3, input }],
      ["search_requesters", { query: "bog", limit: 20 }],
      ["list_topics", undefined],
    ]);
  });

  it("turns the core's error payload into an ApiError", async () => {
    rejectWith({
      code: "validation",
      message: "Data belum lengkap.",
      details: { fields: [{ field: "contact.name", message: "Wajib diisi." }] },
    });
    const error = await tauriBackend.createRequest(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "validation",
      message: "Data belum lengkap.",
      details: { fields: [{ field: "contact.name", message: "Wajib diisi." }] },
    });
  });

  it("treats anything else as an internal error with an Indonesian message", async () => {
    rejectWith("command create_request not found");
    const error = await tauriBackend.createRequest(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("internal");
    expect((error as ApiError).message).toMatch(/kesalahan/);
    expect((error as ApiError).cause).toBe("command create_request not found");
  });
});

describe("toApiError", () => {
  it("keeps ApiErrors, rejects unknown codes, and tolerates malformed details", () => {
    const original = new ApiError("conflict", "Sudah diubah.");
    expect(toApiError(original)).toBe(original);
    expect(toApiError({ code: "teapot", message: "x" }).code).toBe("internal");
    expect(toApiError({ code: "policy", message: "Tidak boleh.", details: null }).details).toEqual({ fields: [] });
    expect(toApiError(new Error("boom")).code).toBe("internal");
    expect(
      toApiError({ code: "validation", message: "m", details: { fields: [{ field: "a" }, { field: "b", message: "ok" }] } })
        .details.fields,
    ).toEqual([{ field: "b", message: "ok" }]);
  });
});
