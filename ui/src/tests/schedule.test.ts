import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { RequestDetail, RoomView, ScheduleInput, SlotSearch, SlotSuggestion } from "../lib/api/types";
import { FakeBackend, makeDetail, makeFinding, makeSuggestion } from "./fakeBackend";
import { byTestId, fieldError, renderApp, rows, waitForRows } from "./helpers";
import { Replay, SCHEDULE } from "./recordings";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

/** The core's slot finder, recorded by tests/ui_fixtures.rs on Saturday 28 November 2026. */
function slotFinderBackend(): FakeBackend {
  const fake = new FakeBackend({ details: SCHEDULE.seed.details as RequestDetail[], replay: new Replay(SCHEDULE) });
  fake.rooms = structuredClone(SCHEDULE.seed.rooms as RoomView[]);
  return fake;
}

async function openRecorded(user: User, id: number) {
  await waitForRows(2);
  await user.dblClick(rows().find((row) => row.dataset.id === String(id))!);
  await screen.findByTestId("request-form");
  return screen.findByTestId("schedule-panel");
}

async function openStored(user: User) {
  await waitForRows(1);
  await user.dblClick(rows()[0]!);
  await screen.findByTestId("request-form");
  return screen.findByTestId("schedule-panel");
}

function inPersonRequest(overrides: Partial<RequestDetail> = {}) {
  return makeDetail(7, {
    status: "verified",
    channel: "in_person",
    letter: {
      number: "005/77",
      date: "2026-11-10",
      subject: "Permohonan konsultasi",
      addressee: "Direktur Jenderal Perimbangan Keuangan",
      signer: "Bupati Bogor",
      scan: null,
    },
    ...overrides,
  });
}

const SUGGESTIONS: SlotSuggestion[] = [
  makeSuggestion("2026-12-07", "09:00", { label: "Senin, 7 Desember 2026 09.00 WIB" }),
  makeSuggestion("2026-12-07", "13:30", {
    label: "Senin, 7 Desember 2026 13.30 WIB",
    room_code: "R2",
    room_name: "Ruang Konsultasi Lt. 5",
    unit_code: "DTK",
    unit_name: "Dit. DTK",
    reason: "Sesi siang; Ruang Konsultasi Lt. 5 dan Dit. DTK kosong.",
  }),
];

describe("Jadwalkan", () => {
  it("lists suggested slots, fills the schedule from a pick and books it", async () => {
    const fake = new FakeBackend({ details: [inPersonRequest()] });
    fake.suggestions = SUGGESTIONS;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const suggest = fake.suggestSlots.bind(fake);
    fake.suggestSlots = async (id, search) => {
      await gate;
      return suggest(id, search);
    };
    const { user } = await renderApp(fake);
    const panel = await openStored(user);

    await user.click(within(panel).getByTestId("open-schedule"));
    expect((await screen.findByTestId("slot-searching")).textContent).toContain("Mencari jadwal…");
    release();
    await waitFor(() => expect(screen.getAllByTestId("slot-suggestion")).toHaveLength(2));
    expect(screen.queryByTestId("slot-searching")).toBeNull();
    expect(fake.callsTo("suggestSlots")[0]).toEqual([
      7,
      { from: null, to: null, count: 10, unit_code: null, duration_minutes: null, resource_person_ids: [] } satisfies SlotSearch,
    ]);

    const [, second] = screen.getAllByTestId("slot-suggestion");
    expect(second!.dataset.date).toBe("2026-12-07");
    expect(second!.dataset.time).toBe("13:30");
    expect(second!.textContent).toContain("Senin, 7 Desember 2026 13.30 WIB");
    expect(second!.textContent).toContain("Ruang Konsultasi Lt. 5");
    expect(second!.textContent).toContain("Dit. DTK");
    expect(second!.textContent).toContain("Sesi siang; Ruang Konsultasi Lt. 5 dan Dit. DTK kosong.");

    // A narrower search sends its dates.
    await user.type(byTestId("slot-from"), "07/12/2026");
    await user.click(byTestId("slot-search"));
    await waitFor(() => expect(fake.callsTo("suggestSlots")).toHaveLength(2));
    expect((fake.callsTo("suggestSlots")[1]![1] as SlotSearch).from).toBe("2026-12-07");
    await waitFor(() => expect(screen.getAllByTestId("slot-suggestion")).toHaveLength(2));

    await user.click(within(screen.getAllByTestId("slot-suggestion")[1]!).getByTestId("pick-slot"));
    expect(byTestId("schedule-date").value).toBe("07/12/2026");
    expect(byTestId("schedule-time").value).toBe("13:30");
    expect(byTestId<HTMLSelectElement>("schedule-room").value).toBe("R2");
    expect(byTestId<HTMLSelectElement>("schedule-unit").value).toBe("DTK");
    expect(byTestId("schedule-duration").value).toBe("60");
    expect(screen.queryByTestId("schedule-url")).toBeNull(); // tatap muka: a room, no link

    // The unit's resource persons are offered; DTU's are not.
    const persons = screen.getByTestId("schedule-persons");
    expect(persons.textContent).toContain("Citra Lestari");
    expect(persons.textContent).not.toContain("Andi Wijaya");
    await user.click(within(persons).getByRole("checkbox", { name: /Citra Lestari/ }));
    // Searching again plans for Citra, not for the whole unit.
    await user.click(byTestId("slot-search"));
    await waitFor(() => expect(fake.callsTo("suggestSlots")).toHaveLength(3));
    expect((fake.callsTo("suggestSlots")[2]![1] as SlotSearch).resource_person_ids).toEqual([3]);

    await user.click(byTestId("schedule-submit"));
    await waitFor(() => expect(fake.callsTo("scheduleRequest")).toHaveLength(1));
    expect(fake.callsTo("scheduleRequest")[0]).toEqual([
      7,
      { date: "2026-12-07", time: "13:30", duration_minutes: 60, room_code: "R2", unit_code: "DTK", meeting_url: null, resource_person_ids: [3] } satisfies ScheduleInput,
    ]);
    expect((await screen.findByTestId("booking-persons")).textContent).toContain("Citra Lestari");

    const summary = await screen.findByTestId("booking-summary");
    expect(summary.textContent).toContain("Terjadwal:");
    expect(summary.textContent).toContain("2026-12-07 13.30 WIB");
    expect(summary.textContent).toContain("Ruang Konsultasi Lt. 5");
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 dijadwalkan");
    expect(screen.queryByTestId("slot-suggestion")).toBeNull();
    expect(byTestId("request-status").textContent).toBe("Dijadwalkan");
    // The history gains the booking, with who made it and the slot.
    await waitFor(() => expect(screen.getAllByTestId("history-entry").map((e) => e.dataset.action)).toEqual(["schedule"]));
    expect(screen.getByTestId("history-entry").textContent).toContain("oleh Sari");
    expect(screen.getByTestId("history-entry").textContent).toContain("Jadwal: Senin, 7 Desember 2026 13.30 WIB");
  });

  it("judges each preference first, then lists the suggestions each with its own reason", async () => {
    // #1 as the core's slot finder judged it: 8 December 09.00 is free, 24 December is cuti bersama.
    const fake = slotFinderBackend();
    const { user } = await renderApp(fake);
    await openRecorded(user, 1);
    await user.click(byTestId("open-schedule"));

    const verdicts = await screen.findAllByTestId("preference-verdict");
    expect(verdicts.map((v) => v.dataset.verdict)).toEqual(["pass", "refused"]);
    expect(verdicts[0]!.textContent).toContain("Lolos");
    expect(verdicts[0]!.textContent).toContain("Usulan ke-1: Selasa, 8 Desember 2026 09.00 WIB");
    expect(verdicts[0]!.textContent).toContain("Ruang Konsultasi 1");
    expect(verdicts[1]!.textContent).toContain("Ditolak");
    expect(verdicts[1]!.textContent).toContain("Usulan ke-2: Kamis, 24 Desember 2026 10.00 WIB");
    const refusal = within(verdicts[1]!).getByTestId("preference-refusal");
    expect(refusal.dataset.rule).toBe("service-hours");
    expect(refusal.textContent).toContain("Jam layanan:");
    expect(refusal.textContent).toContain("hari libur: Cuti Bersama Hari Raya Natal");
    expect(refusal.textContent).toContain("(Kebijakan layanan konsultasi DJPK (Pengaturan))");
    // A refused preference offers nothing to pick.
    expect(within(verdicts[1]!).queryByRole("button")).toBeNull();

    // The verdicts come before the cards; each card says why it is offered, in its own words.
    const cards = screen.getAllByTestId("slot-suggestion");
    expect(verdicts[1]!.compareDocumentPosition(cards[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(cards.map((c) => c.dataset.source)).toEqual(["preference", ...Array(9).fill("near_preference")]);
    const reasons = cards.map((c) => c.querySelector(".reason")?.textContent);
    expect(reasons.slice(0, 3)).toEqual([
      "Sesuai usulan ke-1",
      "Terdekat dari usulan ke-1 (30 menit lebih lambat)",
      "Terdekat dari usulan ke-1 (30 menit lebih awal)",
    ]);
    expect(reasons).toContain("Hari kerja sebelum usulan ke-2 (libur, jam sama)");

    // "Pilih" on the passing preference, from the keyboard, fills the schedule and moves on.
    const pickPreference = within(verdicts[0]!).getByTestId("pick-preference");
    expect(pickPreference.getAttribute("aria-label")).toBe("Pilih usulan ke-1: Selasa, 8 Desember 2026 09.00 WIB");
    pickPreference.focus();
    await user.keyboard("{Enter}");
    expect(byTestId("schedule-date").value).toBe("08/12/2026");
    expect(byTestId("schedule-time").value).toBe("09:00");
    expect(byTestId<HTMLSelectElement>("schedule-room").value).toBe("RK-1");
    expect(document.activeElement).toBe(byTestId("schedule-submit"));
    expect(pickPreference.getAttribute("aria-pressed")).toBe("true");
    // The same slot's card shows as picked too.
    expect(within(cards[0]!).getByTestId("pick-slot").getAttribute("aria-pressed")).toBe("true");
  });

  it("says when the request itself cannot be scheduled at any time", async () => {
    // #2 plans nine guests for a tatap muka: the core blocks it whatever the slot.
    const fake = slotFinderBackend();
    const { user } = await renderApp(fake);
    await openRecorded(user, 2);
    await user.click(byTestId("open-schedule"));
    const blocks = await screen.findByTestId("slot-request-blocks");
    expect(blocks.textContent).toContain("Belum dapat dijadwalkan pada waktu mana pun");
    expect(blocks.textContent).toContain("Jumlah tamu direncanakan 9 orang melebihi batas tatap muka 5 orang");
  });

  it("shows a conflict refusal with its blocking findings and leaves everything as it was", async () => {
    const fake = new FakeBackend({ details: [inPersonRequest()] });
    fake.suggestions = SUGGESTIONS;
    fake.failNext(
      "scheduleRequest",
      new ApiError("conflict", "Jadwal tidak dapat dibuat: Ruang Rapat DJPK Lt. 2 sudah dipakai pukul 09.00–10.00", {
        findings: [
          makeFinding("room-conflict", "block", {
            message: "Ruang Rapat DJPK Lt. 2 sudah dipakai pukul 09.00–10.00",
            clause: "Kebijakan DJPK: satu ruang satu konsultasi",
            suggestion: "Pilih ruang lain atau geser jamnya.",
          }),
          makeFinding("daily-cap", "block", { message: "Kuota tatap muka 7 Desember 2026 sudah penuh (4)." }),
          makeFinding("prefer-video", "info", { message: "Pertimbangkan video conference." }),
        ],
      }),
    );
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("open-schedule"));
    await user.click(within((await screen.findAllByTestId("slot-suggestion"))[0]!).getByTestId("pick-slot"));
    await user.click(byTestId("schedule-submit"));

    const refusal = await screen.findByTestId("schedule-error");
    expect(refusal.textContent).toContain("Jadwal tidak dapat dibuat: Ruang Rapat DJPK Lt. 2 sudah dipakai pukul 09.00–10.00");
    const shown = within(refusal).getAllByTestId("finding");
    expect(shown.map((f) => [f.dataset.rule, f.dataset.severity])).toEqual([
      ["room-conflict", "block"],
      ["daily-cap", "block"],
    ]);
    expect(shown[0]!.textContent).toContain("Saran: Pilih ruang lain atau geser jamnya.");
    expect(document.activeElement).toBe(refusal);

    // Nothing changed: no booking, the status stays, no notice; the panel keeps what was picked.
    expect(fake.details.get(7)?.status).toBe("verified");
    expect(fake.details.get(7)?.booking).toBeNull();
    expect(screen.queryByTestId("booking-summary")).toBeNull();
    expect(screen.queryByTestId("notice")).toBeNull();
    expect(byTestId("request-status").textContent).toBe("Terverifikasi");
    expect(byTestId("schedule-date").value).toBe("07/12/2026");
    expect(byTestId("schedule-time").value).toBe("09:00");
    expect(byTestId<HTMLSelectElement>("schedule-room").value).toBe("R1");
    expect(screen.getByTestId("request-form")).toBeTruthy();

    // Staff change the room by hand and try again: this time it is booked.
    await user.selectOptions(byTestId("schedule-room"), "R2");
    await user.click(byTestId("schedule-submit"));
    expect((await screen.findByTestId("booking-summary")).textContent).toContain("Ruang Konsultasi Lt. 5");
    expect((fake.callsTo("scheduleRequest")[1]![1] as ScheduleInput).room_code).toBe("R2");
  });

  it("books a video conference typed by hand with its MS Teams link, and shows field errors", async () => {
    const fake = new FakeBackend({ details: [makeDetail(4, { status: "submitted" })] });
    fake.failNext(
      "scheduleRequest",
      new ApiError("validation", "Jadwal belum lengkap.", {
        fields: [{ field: "meeting_url", message: "Tautan rapat harus alamat https:// yang utuh (mis. tautan MS Teams)" }],
      }),
    );
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("open-schedule"));
    await screen.findByTestId("slot-none");
    expect(screen.queryByTestId("schedule-room")).toBeNull();

    await user.type(byTestId("schedule-date"), "09/12/2026");
    await user.type(byTestId("schedule-time"), "10:00");
    await user.type(byTestId("schedule-url"), "teams.microsoft.com/l/abc");
    await user.click(byTestId("schedule-submit"));

    const error = await waitFor(() => {
      const el = fieldError("meeting_url");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(error.textContent).toContain("https://");
    expect(byTestId("schedule-url").getAttribute("aria-describedby")?.split(" ")).toContain(error.id);
    expect(screen.getByTestId("schedule-error").textContent).toContain("Jadwal belum lengkap.");

    await user.clear(byTestId("schedule-url"));
    expect(fieldError("meeting_url")).toBeNull();
    await user.type(byTestId("schedule-url"), "https://teams.microsoft.com/l/abc");
    await user.click(byTestId("schedule-submit"));
    await screen.findByTestId("booking-summary");
    expect(fake.callsTo("scheduleRequest")[1]).toEqual([
      4,
      {
        date: "2026-12-09",
        time: "10:00",
        duration_minutes: null,
        room_code: null,
        unit_code: null,
        meeting_url: "https://teams.microsoft.com/l/abc",
        resource_person_ids: [],
      },
    ]);
    expect(screen.getByTestId("booking-summary").textContent).toContain("https://teams.microsoft.com/l/abc");
  });

  it("shows an existing booking instead of the picker", async () => {
    const fake = new FakeBackend({
      details: [
        inPersonRequest({
          status: "scheduled",
          booking: {
            id: 3,
            channel: "in_person",
            starts_at: "2026-12-07T02:00:00Z",
            ends_at: "2026-12-07T03:00:00Z",
            duration_minutes: 60,
            label: "Senin, 7 Desember 2026 09.00 WIB",
            room_code: "R1",
            meeting_url: null,
            unit_code: "DTU",
            ical_uid: "x",
            resource_person_ids: [],
            sequence: 0,
          },
        }),
      ],
    });
    const { user } = await renderApp(fake);
    await openStored(user);
    const summary = screen.getByTestId("booking-summary");
    expect(summary.textContent).toContain("Terjadwal: Senin, 7 Desember 2026 09.00 WIB");
    await waitFor(() => expect(summary.textContent?.replace(/\s+/g, " ")).toContain("Ruang Rapat DJPK Lt. 2 · Dit. DTU"));
    expect(screen.queryByTestId("open-schedule")).toBeNull();
    expect(screen.queryByTestId("slot-search")).toBeNull();
  });

  it("offers no scheduling for a new request or a draft", async () => {
    const fake = new FakeBackend({ details: [makeDetail(2, { status: "draft" })] });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");
    expect(screen.getByTestId("findings-panel")).toBeTruthy();
    expect(screen.queryByTestId("schedule-panel")).toBeNull();
    await user.click(byTestId("cancel-form"));

    await user.click(byTestId("new-request"));
    await screen.findByTestId("request-form");
    expect(screen.queryByTestId("schedule-panel")).toBeNull();
  });

  it("does not book while the request form has unsaved edits", async () => {
    const fake = new FakeBackend({ details: [makeDetail(5, { status: "submitted" })] });
    fake.suggestions = SUGGESTIONS;
    const { user } = await renderApp(fake);
    await openStored(user);
    await user.click(byTestId("open-schedule"));
    await screen.findAllByTestId("slot-suggestion");
    expect(byTestId<HTMLButtonElement>("schedule-submit").disabled).toBe(false);
    await user.type(byTestId("description"), " Tambahan.");
    expect(byTestId<HTMLButtonElement>("schedule-submit").disabled).toBe(true);
    expect(screen.getByText(/Simpan perubahan permohonan terlebih dahulu/)).toBeTruthy();
  });
});
