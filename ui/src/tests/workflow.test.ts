import { screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BookingView, ConfirmInput, RequestDetail, ScheduleInput } from "../lib/api/types";
import { FakeBackend, makeDetail, makeSuggestion } from "./fakeBackend";
import { byTestId, fieldError, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const LETTER = {
  number: "005/77",
  date: "2026-11-10",
  subject: "Permohonan konsultasi",
  addressee: "Direktur Jenderal Perimbangan Keuangan",
  signer: "Bupati Bogor",
  scan: null,
};

const BOOKING: BookingView = {
  id: 30,
  channel: "in_person",
  starts_at: "2026-12-07T02:00:00Z",
  ends_at: "2026-12-07T03:00:00Z",
  duration_minutes: 60,
  label: "Senin, 7 Desember 2026 09.00 WIB",
  room_code: "R1",
  meeting_url: null,
  unit_code: "DTU",
  ical_uid: "permohonan-7@test",
  resource_person_ids: [],
  sequence: 0,
};

function inPerson(overrides: Partial<RequestDetail> = {}) {
  return makeDetail(7, { status: "submitted", channel: "in_person", letter: LETTER, ...overrides });
}

async function openStored(user: User) {
  await waitForRows(1);
  await user.dblClick(rows()[0]!);
  await screen.findByTestId("request-form");
  return screen.findByTestId("workflow-actions");
}

const actionIds = () =>
  within(screen.getByTestId("workflow-actions"))
    .queryAllByRole("button")
    .map((b) => b.dataset.testid);
const status = () => byTestId("request-status").textContent;
const history = () => screen.queryAllByTestId("history-entry");

describe("Workflow actions", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows the Indonesian refusal when an agent tries to verify, and changes nothing", async () => {
    const fake = new FakeBackend({ details: [inPerson()], currentUser: 2 });
    const { user } = await renderApp(fake);
    await openStored(user);

    expect(actionIds()).toEqual(["action-verify", "action-reject", "action-cancel"]);
    expect(byTestId("action-verify").textContent).toContain("khusus Sekretariat");
    await user.click(byTestId("action-verify"));

    const error = await screen.findByTestId("action-error");
    expect(error.textContent).toContain(
      "Peran Agen contact center tidak berwenang: permohonan hanya dapat diverifikasi oleh Sekretariat",
    );
    expect(document.activeElement).toBe(error);
    expect(fake.callsTo("verifyRequest")).toEqual([[7]]);
    expect(fake.details.get(7)?.status).toBe("submitted");
    expect(status()).toBe("Diajukan");
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("shows the letter findings when a letter is not addressed to the Dirjen", async () => {
    const fake = new FakeBackend({ details: [inPerson({ letter: { ...LETTER, addressee: "Menteri Keuangan" } })] });
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("action-verify"));

    const error = await screen.findByTestId("action-error");
    expect(within(error).getByText(/^Surat tidak dapat diverifikasi: Surat permintaan ditujukan kepada "Menteri Keuangan"/)).toBeTruthy();
    const finding = within(error).getByTestId("finding");
    expect(finding.dataset.rule).toBe("letter-addressee");
    expect(finding.dataset.severity).toBe("block");
    expect(status()).toBe("Diajukan");
  });

  it("lets the secretariat verify: the badge, the notice and the history follow", async () => {
    const fake = new FakeBackend({ details: [inPerson()] });
    const { user } = await renderApp(fake);
    await openStored(user);
    expect(screen.getByTestId("schedule-verify-hint").textContent).toContain("setelah surat permintaannya diverifikasi");
    expect(byTestId("action-verify").textContent).not.toContain("khusus Sekretariat");
    await waitFor(() => expect(screen.getByTestId("history").textContent).toContain("Belum ada riwayat"));

    await user.click(byTestId("action-verify"));
    await waitFor(() => expect(status()).toBe("Terverifikasi"));
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 diverifikasi");
    expect(screen.queryByTestId("action-error")).toBeNull();
    expect(actionIds()).toEqual(["action-reject", "action-cancel"]);
    expect(screen.queryByTestId("schedule-verify-hint")).toBeNull();

    await waitFor(() => expect(history()).toHaveLength(1));
    const entry = history()[0]!;
    expect(entry.dataset.action).toBe("verify");
    expect(entry.textContent).toContain("Diverifikasi");
    expect(entry.textContent).toContain("oleh Sari");
    expect(within(entry).getByTestId("history-status").textContent).toBe("Diajukan → Terverifikasi");
    expect(entry.querySelector("time")?.textContent).toMatch(/^\w+, \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB$/);
    expect(fake.callsTo("auditTrail")).toEqual([[7], [7]]); // on open, and after the action
  });

  it("does not verify while the form has unsaved edits", async () => {
    const fake = new FakeBackend({ details: [inPerson()] });
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.type(byTestId("description"), " Tambahan.");
    expect(byTestId<HTMLButtonElement>("action-verify").disabled).toBe(true);
    expect(screen.getByText(/verifikasi menilai surat yang tersimpan/)).toBeTruthy();
  });

  it("offers only what the status allows", async () => {
    const fake = new FakeBackend({
      details: [inPerson({ status: "confirmed", booking: BOOKING }), makeDetail(8, { status: "completed" })],
    });
    const { user } = await renderApp(fake);
    await waitForRows(2);
    await user.dblClick(rows().find((r) => r.dataset.id === "7")!);
    await screen.findByTestId("workflow-actions");
    expect(actionIds()).toEqual(["action-reschedule", "action-cancel"]);
    expect(screen.getByTestId("booking-summary").textContent).toContain("Sudah dikonfirmasi Pemda.");

    await user.click(byTestId("cancel-form"));
    await waitForRows(2);
    await user.dblClick(rows().find((r) => r.dataset.id === "8")!);
    const actions = await screen.findByTestId("workflow-actions");
    expect(actionIds()).toEqual([]);
    expect(actions.textContent).toContain("Tidak ada langkah lanjutan untuk permohonan berstatus Selesai.");
  });

  it("shows a closed request read-only: no save, every field disabled", async () => {
    const fake = new FakeBackend({ details: [inPerson({ status: "cancelled" })] });
    const { user } = await renderApp(fake);
    await openStored(user);
    expect(byTestId("read-only-notice").textContent).toContain("Dibatalkan");
    expect(screen.queryByTestId("submit-request")).toBeNull();
    expect(byTestId<HTMLTextAreaElement>("description").matches(":disabled")).toBe(true);
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(fake.callsTo("updateRequest")).toEqual([]);
    await user.click(byTestId("cancel-form"));
    await waitForRows(1);
  });

  it("records the Pemda's confirmation with the right input", async () => {
    // Only Date is faked: "now" is Selasa, 8 Desember 2026 10.15 WIB.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-08T03:15:00Z"));
    const fake = new FakeBackend({ details: [inPerson({ status: "scheduled", booking: BOOKING })], currentUser: 2 });
    const { user } = await renderApp(fake);
    await openStored(user);
    expect(actionIds()).toEqual(["action-confirm", "action-reschedule", "action-cancel"]);

    await user.click(byTestId("action-confirm"));
    expect(byTestId("action-confirm").getAttribute("aria-expanded")).toBe("true");
    expect(byTestId("confirm-date").value).toBe("08/12/2026");
    expect(byTestId("confirm-time").value).toBe("10:15");
    expect(byTestId("confirm-by").value).toBe("Siti Aminah"); // the request's contact person
    expect(document.activeElement).toBe(byTestId("confirm-via"));

    // No channel chosen: the core's complaint sits beside the select.
    await user.click(byTestId("confirm-submit"));
    await waitFor(() => expect(fieldError("via")?.textContent).toBe("Pilih saluran konfirmasi"));
    expect(screen.getByTestId("action-error").textContent).toContain("Data tidak valid: Pilih saluran konfirmasi");
    expect(status()).toBe("Dijadwalkan");

    await user.selectOptions(byTestId("confirm-via"), "telephone");
    expect(fieldError("via")).toBeNull();
    await user.clear(byTestId("confirm-time"));
    await user.type(byTestId("confirm-time"), "09:40");
    await user.clear(byTestId("confirm-by"));
    await user.type(byTestId("confirm-by"), "Kabag Keuangan Bogor");
    await user.click(byTestId("confirm-submit"));

    await waitFor(() => expect(status()).toBe("Dikonfirmasi"));
    expect(fake.callsTo("confirmRequest").at(-1)).toEqual([
      7,
      { date: "2026-12-08", time: "09:40", confirmed_by: "Kabag Keuangan Bogor", via: "telephone" } satisfies ConfirmInput,
    ]);
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 dikonfirmasi");
    expect(screen.queryByTestId("confirm-submit")).toBeNull();
    await waitFor(() => expect(history()).toHaveLength(1));
    const entry = history()[0]!;
    expect(entry.dataset.action).toBe("confirm");
    expect(entry.textContent).toContain("Dikonfirmasi");
    expect(entry.textContent).toContain("oleh Andi");
    expect(entry.textContent).toContain("Selasa, 8 Desember 2026 10.15 WIB");
    expect(entry.textContent).toContain("Dijadwalkan → Dikonfirmasi");
    expect(entry.textContent).toContain("Dikonfirmasi oleh Kabag Keuangan Bogor melalui telephone");
  });

  it("needs a reason to cancel, sends it, and releases the booking", async () => {
    const fake = new FakeBackend({ details: [inPerson({ status: "scheduled", booking: BOOKING })] });
    const { user } = await renderApp(fake);
    await openStored(user);
    expect(screen.getByTestId("booking-summary")).toBeTruthy();

    await user.click(byTestId("action-cancel"));
    expect(document.activeElement).toBe(byTestId("reason-input"));
    await user.click(byTestId("reason-submit"));
    await waitFor(() => expect(fieldError("reason")?.textContent).toBe("Alasan wajib diisi"));
    expect(document.activeElement).toBe(byTestId("reason-input"));
    expect(fake.details.get(7)?.status).toBe("scheduled");
    expect(status()).toBe("Dijadwalkan");

    // Enter makes a new line; Ctrl+Enter sends this form only (the request form is not saved).
    await user.type(byTestId("reason-input"), "Pemda membatalkan{Enter}karena rapat paripurna");
    expect(fieldError("reason")).toBeNull();
    await user.keyboard("{Control>}{Enter}{/Control}");

    await waitFor(() => expect(status()).toBe("Dibatalkan"));
    expect(fake.callsTo("cancelRequest").at(-1)).toEqual([7, { reason: "Pemda membatalkan\nkarena rapat paripurna" }]);
    expect(fake.callsTo("updateRequest")).toHaveLength(0);
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 dibatalkan");
    expect(screen.queryByTestId("booking-summary")).toBeNull();
    expect(screen.queryByTestId("schedule-panel")).toBeNull();
    expect(actionIds()).toEqual([]);
    await waitFor(() => expect(history().map((e) => e.dataset.action)).toEqual(["cancel"]));
    expect(history()[0]!.textContent).toContain("Pemda membatalkan\nkarena rapat paripurna");
    expect(history()[0]!.textContent).toContain("Dijadwalkan → Dibatalkan");
  });

  it("closes a reason form with Escape without leaving the request", async () => {
    const fake = new FakeBackend({ details: [inPerson()] });
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("action-reject"));
    await user.type(byTestId("reason-input"), "x");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("reason-input")).toBeNull();
    expect(screen.getByTestId("request-form")).toBeTruthy();
    expect(document.activeElement).toBe(byTestId("action-reject"));
    expect(fake.callsTo("rejectRequest")).toHaveLength(0);
  });

  it("rejects with a reason", async () => {
    const fake = new FakeBackend({ details: [inPerson({ status: "verified" })] });
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("action-reject"));
    await user.type(byTestId("reason-input"), "Bukan kewenangan DJPK");
    await user.click(byTestId("reason-submit"));
    await waitFor(() => expect(status()).toBe("Ditolak"));
    expect(fake.callsTo("rejectRequest")).toEqual([[7, { reason: "Bukan kewenangan DJPK" }]]);
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 ditolak");
  });

  it("reschedules through the scheduling panel", async () => {
    const fake = new FakeBackend({ details: [inPerson({ status: "confirmed", booking: BOOKING })] });
    fake.suggestions = [
      makeSuggestion("2026-12-10", "13:00", { label: "Kamis, 10 Desember 2026 13.00 WIB", room_code: "R2" }),
    ];
    const { user } = await renderApp(fake);
    await openStored(user);
    expect(screen.queryByTestId("open-schedule")).toBeNull();

    await user.click(byTestId("action-reschedule"));
    const panel = screen.getByTestId("schedule-panel");
    expect(within(panel).getByRole("heading").textContent).toBe("Jadwal ulang");
    expect(within(panel).getByTestId("booking-summary").textContent).toContain("Senin, 7 Desember 2026 09.00 WIB");
    // The new slot starts from the old one's unit, room and length.
    expect(byTestId<HTMLSelectElement>("schedule-unit").value).toBe("DTU");
    expect(byTestId("schedule-duration").value).toBe("60");
    await user.click(await within(panel).findByTestId("pick-slot"));
    expect(byTestId("schedule-submit").textContent).toContain("Simpan jadwal baru");
    await user.click(byTestId("schedule-submit"));

    await waitFor(() => expect(fake.callsTo("rescheduleRequest")).toHaveLength(1));
    expect(fake.callsTo("scheduleRequest")).toHaveLength(0);
    expect(fake.callsTo("rescheduleRequest")[0]).toEqual([
      7,
      { date: "2026-12-10", time: "13:00", duration_minutes: 60, room_code: "R2", unit_code: "DTU", meeting_url: null, resource_person_ids: [] } satisfies ScheduleInput,
    ]);
    await waitFor(() => expect(status()).toBe("Dijadwalkan")); // the Pemda must confirm again
    expect(screen.getByTestId("booking-summary").textContent).toContain("2026-12-10 13.00 WIB");
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 dijadwalkan ulang");
    expect(fake.details.get(7)?.booking?.sequence).toBe(1);
    await waitFor(() => expect(history().map((e) => e.dataset.action)).toEqual(["reschedule"]));
    expect(history()[0]!.textContent).toContain("Dijadwalkan ulang");
    expect(history()[0]!.textContent).toContain(
      "Jadwal baru: Kamis, 10 Desember 2026 13.00 WIB (sebelumnya Senin, 7 Desember 2026 09.00 WIB)",
    );
    expect(history()[0]!.textContent).toContain("Dikonfirmasi → Dijadwalkan");
  });

  it("refuses a tatap muka booking before verification, with the hint shown", async () => {
    const fake = new FakeBackend({ details: [inPerson()] });
    fake.suggestions = [makeSuggestion("2026-12-10", "09:00")];
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("open-schedule"));
    await user.click(await screen.findByTestId("pick-slot"));
    await user.click(byTestId("schedule-submit"));
    const refusal = await screen.findByTestId("schedule-error");
    expect(refusal.textContent).toContain("Konsultasi tatap muka dijadwalkan setelah surat permintaannya diverifikasi");
    expect(fake.details.get(7)?.status).toBe("submitted");
  });
});
