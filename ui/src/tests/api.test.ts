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
    const filter = {
      status: null,
      channel: "in_person" as const,
      region_code: null,
      text: "bogor",
      unit_code: null,
      from: null,
      to: null,
    };
    await tauriBackend.listRequests(filter);
    await tauriBackend.getRequest(3);
    await tauriBackend.createRequest(input);
    await tauriBackend.updateRequest(3, 7, input);
    await tauriBackend.searchRequesters("bog", 20);
    await tauriBackend.listTopics();
    expect(invoke.mock.calls).toEqual([
      ["list_requests", { filter }],
      ["get_request", { id: 3 }],
      ["create_request", { input }],
      ["update_request", { id: 3, version: 7, input }],
      ["search_requesters", { query: "bog", limit: 20 }],
      ["list_topics", undefined],
    ]);
  });

  it("calls the policy, calendar and scheduling commands with the documented arguments", async () => {
    invoke.mockResolvedValue(null);
    const search = { from: "2026-12-01", to: null, count: 10, unit_code: null, duration_minutes: 60, resource_person_ids: [] };
    const schedule = { date: "2026-12-07", time: "09:00", duration_minutes: null, room_code: "R1", unit_code: null, meeting_url: null, resource_person_ids: null };
    const policy = { effective_from: "2027-01-01", settings: {} as never, note: null };
    const holiday = { date: "2026-12-25", name: "Hari Raya Natal", kind: "national" as const };
    const override = { label: "Ramadan", from: "2027-02-08", to: "2027-03-09", weekly_windows: [] };
    await tauriBackend.checkRequestInput(null, input);
    await tauriBackend.checkRequestInput(4, input);
    await tauriBackend.suggestSlots(4, search);
    await tauriBackend.scheduleRequest(4, schedule);
    await tauriBackend.policyOverview();
    await tauriBackend.setPolicy(policy);
    await tauriBackend.listHolidays(2026);
    await tauriBackend.listHolidays(null);
    await tauriBackend.addHoliday(holiday);
    await tauriBackend.deleteHoliday(9);
    await tauriBackend.importHolidaysIcs("BEGIN:VCALENDAR");
    await tauriBackend.listSessionOverrides();
    await tauriBackend.addSessionOverride(override);
    await tauriBackend.deleteSessionOverride(3);
    await tauriBackend.listRooms();
    await tauriBackend.listUnits();
    expect(invoke.mock.calls).toEqual([
      ["check_request_input", { id: null, input }],
      ["check_request_input", { id: 4, input }],
      ["suggest_slots", { id: 4, search }],
      ["schedule_request", { id: 4, input: schedule }],
      ["policy_overview", undefined],
      ["set_policy", { input: policy }],
      ["list_holidays", { year: 2026 }],
      ["list_holidays", { year: null }],
      ["add_holiday", { input: holiday }],
      ["delete_holiday", { id: 9 }],
      ["import_holidays_ics", { content: "BEGIN:VCALENDAR" }],
      ["list_session_overrides", undefined],
      ["add_session_override", { input: override }],
      ["delete_session_override", { id: 3 }],
      ["list_rooms", undefined],
      ["list_units", undefined],
    ]);
  });

  it("calls the workflow, audit and profile commands with the documented arguments", async () => {
    invoke.mockResolvedValue(null);
    const confirm = { date: "2026-12-08", time: "09:40", confirmed_by: "Kabag Keuangan", via: "telephone" as const };
    const schedule = { date: "2026-12-10", time: "13:00", duration_minutes: 60, room_code: "R2", unit_code: null, meeting_url: null, resource_person_ids: null };
    await tauriBackend.verifyRequest(7);
    await tauriBackend.confirmRequest(7, confirm);
    await tauriBackend.rescheduleRequest(7, schedule);
    await tauriBackend.cancelRequest(7, { reason: "Batal" });
    await tauriBackend.rejectRequest(7, { reason: "Tolak" });
    await tauriBackend.auditTrail(7);
    await tauriBackend.searchAudit("Sari");
    await tauriBackend.listUsers();
    await tauriBackend.createUser({ name: "Rina", role: "agent" });
    await tauriBackend.selectUser(4);
    await tauriBackend.currentUser();
    expect(invoke.mock.calls).toEqual([
      ["verify_request", { id: 7 }],
      ["confirm_request", { id: 7, input: confirm }],
      ["reschedule_request", { id: 7, input: schedule }],
      ["cancel_request", { id: 7, input: { reason: "Batal" } }],
      ["reject_request", { id: 7, input: { reason: "Tolak" } }],
      ["audit_trail", { id: 7 }],
      ["search_audit", { text: "Sari" }],
      ["list_users", undefined],
      ["create_user", { input: { name: "Rina", role: "agent" } }],
      ["select_user", { id: 4 }],
      ["current_user", undefined],
    ]);
  });

  it("keeps the findings of a refusal", async () => {
    const finding = {
      rule: "room-conflict",
      severity: "block",
      message: "Ruang R1 sudah dipakai",
      clause: "Kebijakan DJPK",
      suggestion: "Pilih ruang lain",
      slot_index: null,
    };
    rejectWith({
      code: "conflict",
      message: "Jadwal tidak dapat dibuat: Ruang R1 sudah dipakai",
      details: { fields: [], findings: [finding, { rule: "x", severity: "fatal", message: "?" }, null] },
    });
    const error = await tauriBackend.scheduleRequest(1, { date: "", time: "", duration_minutes: null, room_code: null, unit_code: null, meeting_url: null, resource_person_ids: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("conflict");
    // Malformed entries are dropped rather than breaking the screen.
    expect((error as ApiError).details).toEqual({ fields: [], findings: [finding] });
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
    expect(toApiError({ code: "policy", message: "Tidak boleh.", details: null }).details).toEqual({ fields: [], findings: [] });
    expect(toApiError(new Error("boom")).code).toBe("internal");
    expect(
      toApiError({ code: "validation", message: "m", details: { fields: [{ field: "a" }, { field: "b", message: "ok" }] } })
        .details.fields,
    ).toEqual([{ field: "b", message: "ok" }]);
  });
});
