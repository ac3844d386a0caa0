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

// The operations of the core's table all go through the shell's one `call` command.
const operation = (name: string, args: Record<string, unknown> = {}) => ["call", { operation: name, args }];

describe("tauriBackend", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("calls each operation with the documented arguments", async () => {
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
      operation("list_requests", { filter }),
      operation("get_request", { id: 3 }),
      operation("create_request", { input }),
      operation("update_request", { id: 3, version: 7, input }),
      operation("search_requesters", { query: "bog", limit: 20 }),
      operation("list_topics"),
    ]);
  });

  it("calls the policy, calendar and scheduling operations with the documented arguments", async () => {
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
      operation("check_request_input", { id: null, input }),
      operation("check_request_input", { id: 4, input }),
      operation("suggest_slots", { id: 4, search }),
      operation("schedule_request", { id: 4, input: schedule }),
      operation("policy_overview"),
      operation("set_policy", { input: policy }),
      operation("list_holidays", { year: 2026 }),
      operation("list_holidays", { year: null }),
      operation("add_holiday", { input: holiday }),
      operation("delete_holiday", { id: 9 }),
      operation("import_holidays_ics", { content: "BEGIN:VCALENDAR" }),
      operation("list_session_overrides"),
      operation("add_session_override", { input: override }),
      operation("delete_session_override", { id: 3 }),
      operation("list_rooms"),
      operation("list_units"),
    ]);
  });

  it("calls the workflow, audit and profile operations and commands with the documented arguments", async () => {
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
      operation("verify_request", { id: 7 }),
      operation("confirm_request", { id: 7, input: confirm }),
      operation("reschedule_request", { id: 7, input: schedule }),
      operation("cancel_request", { id: 7, input: { reason: "Batal" } }),
      operation("reject_request", { id: 7, input: { reason: "Tolak" } }),
      operation("audit_trail", { id: 7 }),
      operation("search_audit", { text: "Sari" }),
      operation("list_users"),
      operation("create_user", { input: { name: "Rina", role: "agent" } }),
      ["select_user", { id: 4 }],
      ["current_user", undefined],
    ]);
  });

  it("sends multi-word arguments in camelCase and keeps the desktop's own commands", async () => {
    invoke.mockResolvedValue(null);
    const voiding = { reason: "Salah catat" };
    const request = { kind: "invite" as const, request_id: 7, cancel: false };
    await tauriBackend.voidCheckIn(12, voiding);
    await tauriBackend.complianceHistory("3201");
    await tauriBackend.importHistory("riwayat.csv", "saluran,tanggal");
    await tauriBackend.checkInOf(7);
    await tauriBackend.saveExport(request, "/tmp/undangan.ics");
    expect(invoke.mock.calls).toEqual([
      operation("void_check_in", { checkInId: 12, input: voiding }),
      operation("compliance_history", { regionCode: "3201" }),
      operation("import_history", { fileName: "riwayat.csv", content: "saluran,tanggal" }),
      operation("check_in_of", { id: 7 }),
      ["save_export", { request, path: "/tmp/undangan.ics" }],
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
