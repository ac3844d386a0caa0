import { screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { CheckInInput, RequestDetail, WalkInInput } from "../lib/api/types";
import { isoToDisplay } from "../lib/dates";
import { splitWalkInErrors } from "../lib/state/arrivals.svelte";
import { FakeBackend, shiftDay } from "./fakeBackend";
import { byTestId, fieldError, renderApp } from "./helpers";
import { ARRIVALS, Replay } from "./recordings";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

// The core's day, recorded by tests/ui_fixtures.rs: Monday 7 December 2026, 10.30 WIB. #1 Kabupaten
// Bogor, tatap muka, scheduled (not confirmed) 10.00–11.00 with three guests, the Bupati claimed;
// #2 Kota Jayapura, tatap muka, confirmed 08.00–09.00 without letter, over; #3 Kota Jayapura by
// video conference, confirmed 10.00–11.00. The screen opens on the office's today, so the clock
// is pinned there.
const TODAY = ARRIVALS.now.slice(0, 10);

beforeEach(() => {
  // Only Date is faked: timers run, so the user events and waits behave as usual.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(ARRIVALS.now));
});

afterEach(() => {
  vi.useRealTimers();
});

/** The recorded day, from `state` on. */
function dayBackend(state = "start"): FakeBackend {
  return new FakeBackend({ details: ARRIVALS.seed.details as RequestDetail[], replay: new Replay(ARRIVALS, state) });
}

async function openArrivals(user: User) {
  await user.click(byTestId("nav-arrivals"));
  return screen.findByTestId("arrival-1");
}

describe("Kedatangan", () => {
  it("lists the day's delegations with what the desk must know before they come in", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    const card = await openArrivals(user);

    expect(fake.callsTo("arrivals")).toEqual([[TODAY]]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Kedatangan hari ini");
    expect(byTestId("arrivals-date").value).toBe(isoToDisplay(TODAY));
    // Booked ones by start: #2 (08.00) before #1 (10.00); the video conference has its own list.
    const video = screen.getByTestId("video-attendance");
    const cards = screen.getAllByTestId(/^arrival-\d+$/).filter((c) => !video.contains(c));
    expect(cards.map((c) => c.dataset.testid)).toEqual(["arrival-2", "arrival-1"]);

    expect(card.textContent).toContain("10.00–11.00 WIB");
    expect(card.textContent).toContain("Kabupaten Bogor");
    expect(card.textContent).toContain("Tatap muka");
    expect(card.textContent).toContain("Dijadwalkan");
    expect(card.textContent).toContain("Ruang Rapat DJPK Lt. 2");
    expect(card.textContent).toContain("Belum dikonfirmasi");
    expect(card.textContent).toContain("Kepala Daerah dijadwalkan hadir");
    expect(card.textContent).toContain("Batas 5 tamu");
    expect(card.textContent).not.toContain("Tanpa surat");

    const jayapura = byTestId<HTMLElement>("arrival-2");
    expect(jayapura.textContent).toContain("Tanpa surat");
    expect(jayapura.textContent).not.toContain("Belum dikonfirmasi");

    // Every registered guest starts unticked.
    for (const index of [0, 1, 2]) expect(byTestId(`arrival-1-guest-${index}`).checked).toBe(false);
    expect(byTestId<HTMLElement>("arrival-1-count").textContent).toContain("Hadir 0 dari batas 5");
  });

  it("checks in two of three guests and one unannounced guest, then shows who came and the violations", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);

    await user.click(byTestId("arrival-1-guest-0"));
    await user.click(byTestId("arrival-1-guest-2"));
    await user.click(byTestId("arrival-1-add-extra"));
    await user.type(byTestId("arrival-1-extra-0-name"), "Rahmat Hidayat");
    await user.type(byTestId("arrival-1-extra-0-position"), "Staf Ahli");
    await user.type(byTestId("arrival-1-extra-0-institution"), "Bappeda Kab. Bogor");
    expect(byTestId<HTMLElement>("arrival-1-count").textContent).toContain("Hadir 3 dari batas 5");
    await user.type(byTestId("arrival-1-arrived-time"), "10:05");
    await user.click(byTestId("arrival-1-check-in"));

    // First a summary of what will be recorded, computed by the core; nothing is stored yet.
    const summary = await screen.findByTestId("arrival-1-confirm");
    expect(fake.callsTo("checkIn")).toHaveLength(0);
    expect(fake.callsTo("checkInPreview")).toHaveLength(1);
    expect(byTestId<HTMLElement>("arrival-1-confirm-time").textContent).toBe("10.05 WIB");
    expect(byTestId<HTMLElement>("arrival-1-confirm-count").textContent).toContain("3 orang (batas 5)");
    expect(byTestId<HTMLElement>("arrival-1-confirm-present").textContent).toContain("Ajat Rochmat");
    expect(byTestId<HTMLElement>("arrival-1-confirm-present").textContent).toContain("Teuku Mulya");
    expect(byTestId<HTMLElement>("arrival-1-confirm-extra").textContent).toContain("Rahmat Hidayat");
    const previewed = within(summary).getAllByTestId(/^preview-violation-/).map((li) => li.dataset.testid);
    expect(previewed).toEqual(["preview-violation-not_confirmed", "preview-violation-regional_head_absent"]);
    expect(summary.textContent).toContain("Pelanggaran yang akan tercatat (2)");
    // The record button has the focus: Enter confirms.
    expect(document.activeElement).toBe(byTestId("arrival-1-confirm-record"));
    await user.click(byTestId("arrival-1-confirm-record"));

    await waitFor(() => expect(fake.callsTo("checkIn")).toHaveLength(1));
    expect(fake.callsTo("checkIn")[0]).toEqual([
      1,
      {
        present: [0, 2],
        extra_guests: [
          { name: "Rahmat Hidayat", position: "Staf Ahli", institution: "Bappeda Kab. Bogor", contact: null, is_regional_head: false },
        ],
        arrived_time: "10:05",
        note: null,
      } satisfies CheckInInput,
    ]);

    // The day is reloaded: the card now shows the check-in instead of the form.
    const violations = await screen.findByTestId("arrival-1-violations");
    expect(fake.callsTo("arrivals")).toHaveLength(2);
    expect(screen.queryByTestId("arrival-1-check-in")).toBeNull();
    const card = byTestId<HTMLElement>("arrival-1");
    expect(card.textContent).toContain("10.05 WIB");
    expect(card.textContent).toContain("Hadir");
    const attendees = within(byTestId<HTMLElement>("arrival-1-attendees")).getAllByRole("listitem");
    expect(attendees.map((li) => li.textContent?.includes("tambahan"))).toEqual([false, false, true]);
    expect(attendees[2]!.textContent).toContain("Rahmat Hidayat");

    // Scheduled but never confirmed, and the Bupati who was announced did not come.
    const kinds = within(violations).getAllByTestId(/^violation-/).map((li) => li.dataset.testid);
    expect(kinds).toEqual(["violation-not_confirmed", "violation-regional_head_absent"]);
    const absent = within(violations).getByTestId("violation-regional_head_absent");
    expect(absent.textContent).toContain("Kepala Daerah tidak hadir");
    expect(absent.textContent).toContain("tetapi Kepala Daerah tidak datang");
    expect(absent.textContent).toContain("SE-1/PK.1/2023");
    expect(screen.getByTestId("notice").textContent).toContain("Permohonan #1 tercatat hadir");

    await user.click(byTestId("arrival-1-complete"));
    await waitFor(() => expect(fake.details.get(1)?.status).toBe("completed"));
    await waitFor(() => expect(screen.queryByTestId("arrival-1-complete")).toBeNull());
    expect(byTestId<HTMLElement>("arrival-1").textContent).toContain("Selesai");
  });

  it("counts against the cap as guests are ticked, and records going over it", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);

    await user.click(byTestId("arrival-1-check-all"));
    // Ticking the Bupati is the Kepala Daerah coming: there is no second checkbox to tick.
    expect(screen.queryByTestId("arrival-1-head-present")).toBeNull();
    for (const n of [0, 1, 2]) {
      await user.click(byTestId("arrival-1-add-extra"));
      await user.type(byTestId(`arrival-1-extra-${n}-name`), `Tamu ${n + 1}`);
      await user.type(byTestId(`arrival-1-extra-${n}-position`), "Staf");
      await user.type(byTestId(`arrival-1-extra-${n}-institution`), "Pemkab Bogor");
    }
    const count = byTestId<HTMLElement>("arrival-1-count");
    expect(count.textContent).toContain("Hadir 6 dari batas 5");
    expect(count.textContent).toContain("melebihi batas");
    expect(count.classList.contains("over")).toBe(true);

    await user.click(byTestId("arrival-1-extra-2-remove"));
    expect(count.textContent).toContain("Hadir 5 dari batas 5");
    expect(count.classList.contains("over")).toBe(false);
    await user.click(byTestId("arrival-1-add-extra"));
    await user.type(byTestId("arrival-1-extra-2-name"), "Tamu 4");
    await user.type(byTestId("arrival-1-extra-2-position"), "Staf");
    // Enter in a field asks for the summary; the Bupati ticked counts as the Kepala Daerah.
    await user.type(byTestId("arrival-1-extra-2-institution"), "Pemkab Bogor{Enter}");
    const summary = await screen.findByTestId("arrival-1-confirm");
    expect(summary.textContent).toContain("Kepala Daerah hadir");
    expect(within(summary).getAllByTestId(/^preview-violation-/).map((li) => li.dataset.testid)).toEqual([
      "preview-violation-not_confirmed",
      "preview-violation-over_guest_cap",
    ]);
    await user.click(byTestId("arrival-1-confirm-record"));

    const violations = await screen.findByTestId("arrival-1-violations");
    const over = within(violations).getByTestId("violation-over_guest_cap");
    expect(over.textContent).toContain("Tamu melebihi batas");
    expect(over.textContent).toContain("Hadir 6 orang (3 terdaftar, 3 tambahan); batas tatap muka 5 orang");
    expect(within(violations).queryByTestId("violation-regional_head_absent")).toBeNull();
  });

  it("places the core's field errors beside the guest, the extra guest and the time they are about", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);

    // Nothing ticked: the core says so beside the guest list, and nothing is recorded.
    await user.click(byTestId("arrival-1-check-in"));
    await screen.findByTestId("arrival-1-error");
    expect(fieldError("present")?.textContent).toContain("Centang tamu yang hadir");
    expect(fake.details.get(1)?.status).toBe("scheduled");

    await user.click(byTestId("arrival-1-guest-0"));
    await user.click(byTestId("arrival-1-guest-2"));
    await user.click(byTestId("arrival-1-add-extra"));
    await user.type(byTestId("arrival-1-extra-0-position"), "Staf Ahli");
    await user.type(byTestId("arrival-1-arrived-time"), "25:99");
    await user.click(byTestId("arrival-1-check-in"));

    const banner = await screen.findByTestId("arrival-1-error");
    expect(banner.textContent).toContain("Data tidak valid");
    const nameError = await waitFor(() => fieldError("extra_guests[0].name")!);
    expect(nameError.textContent).toBe("Nama tamu ke-1 wajib diisi");
    const name = byTestId("arrival-1-extra-0-name");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(name.getAttribute("aria-describedby")).toContain(nameError.id);
    expect(name.closest(".cell")!.contains(nameError)).toBe(true);
    expect(byTestId("arrival-1-extra-0-position").getAttribute("aria-invalid")).toBeNull();
    const timeError = fieldError("arrived_time")!;
    expect(timeError.textContent).toBe("Jam kedatangan bukan jam yang valid: 25:99");
    expect(byTestId("arrival-1-arrived-time").getAttribute("aria-describedby")).toContain(timeError.id);
    expect(fake.details.get(1)?.status).toBe("scheduled");

    // `present[1]` is the second ticked guest (guest 2), not guest 1.
    await user.type(byTestId("arrival-1-extra-0-name"), "Rahmat");
    await user.clear(byTestId("arrival-1-arrived-time"));
    fake.failNext(
      "checkInPreview",
      new ApiError("validation", "Data tidak valid: Teuku Mulya tercatat hadir dua kali", {
        fields: [{ field: "present[1]", message: "Teuku Mulya tercatat hadir dua kali" }],
      }),
    );
    await user.click(byTestId("arrival-1-check-in"));
    const presentError = await waitFor(() => fieldError("present[1]")!);
    expect(presentError.textContent).toBe("Teuku Mulya tercatat hadir dua kali");
    expect(byTestId("arrival-1-guest-2").getAttribute("aria-describedby")).toBe(presentError.id);
    expect(byTestId("arrival-1-guest-0").getAttribute("aria-invalid")).toBeNull();
    expect(byTestId("arrival-1-guest-1").getAttribute("aria-invalid")).toBeNull();
    expect(presentError.closest("li")!.contains(byTestId("arrival-1-guest-2"))).toBe(true);
  });

  it("offers a no-show only once the slot is over, and records it", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);

    // #1 (10.00–11.00) is still on at 10.30; #2 (08.00–09.00) is over.
    expect(screen.queryByTestId("arrival-1-no-show")).toBeNull();
    await user.click(byTestId("arrival-2-no-show"));

    await waitFor(() => expect(fake.details.get(2)?.status).toBe("no_show"));
    await waitFor(() => expect(screen.queryByTestId("arrival-2-no-show")).toBeNull());
    const card = byTestId<HTMLElement>("arrival-2");
    expect(card.textContent).toContain("Tidak hadir");
    expect(screen.queryByTestId("arrival-2-check-in")).toBeNull();
    // The core recorded the no-show against Kota Jayapura.
    const jayapuraHistory = await fake.complianceHistory("91.71");
    expect(jayapuraHistory.violations.map((v) => [v.request_id, v.kind])).toEqual([[2, "no_show"]]);
  });

  it("shows the core's refusal of a check-in on the card and keeps the form", async () => {
    const fake = dayBackend();
    fake.failNext("checkIn", new ApiError("conflict", "Jadwal permohonan #1 adalah Senin; kedatangan hanya dicatat pada hari jadwal."));
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await user.click(byTestId("arrival-1-guest-0"));
    await user.click(byTestId("arrival-1-check-in"));
    await user.click(await screen.findByTestId("arrival-1-confirm-record"));
    const banner = await screen.findByTestId("arrival-1-error");
    expect(banner.textContent).toContain("kedatangan hanya dicatat pada hari jadwal");
    expect(byTestId("arrival-1-guest-0").checked).toBe(true);
  });

  it("steps through the days and follows the date typed", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);

    await user.click(byTestId("arrivals-next"));
    const tomorrow = shiftDay(TODAY, 1);
    await screen.findByTestId("arrivals-empty");
    expect(fake.callsTo("arrivals").at(-1)).toEqual([tomorrow]);
    expect(byTestId("arrivals-date").value).toBe(isoToDisplay(tomorrow));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Kedatangan");

    await user.click(byTestId("arrivals-previous"));
    await screen.findByTestId("arrival-1");
    expect(fake.callsTo("arrivals").at(-1)).toEqual([TODAY]);

    await user.clear(byTestId("arrivals-date"));
    await user.type(byTestId("arrivals-date"), "02032026");
    await waitFor(() => expect(fake.callsTo("arrivals").at(-1)).toEqual(["2026-03-02"]));
    expect(byTestId<HTMLElement>("arrivals-day-label").textContent).toBe("Senin, 2 Maret 2026");
  });
});

describe("Kedatangan tanpa jadwal", () => {
  async function fillWalkIn(user: User) {
    await user.click(byTestId("walk-in-open"));
    await screen.findByTestId("walk-in-form");
    await screen.findByTestId("topic-DAU");
    await user.type(byTestId("requester-search"), "kota bogor");
    const option = (await screen.findAllByTestId("requester-option")).find((o) => o.textContent?.includes("Kota Bogor"));
    await user.click(option!);
    await user.type(byTestId("contact-name"), "Dewi Lestari");
    await user.type(byTestId("contact-whatsapp"), "081298765432");
    await user.click(byTestId("topic-PDRD"));
    await user.type(byTestId("walk-in-description"), "Konsultasi tarif PBB-P2.");
    await user.type(byTestId("walk-in-guest-0-name"), "Dewi Lestari");
    await user.type(byTestId("walk-in-guest-0-position"), "Kepala Bapenda");
    await user.type(byTestId("walk-in-guest-0-institution"), "Pemkot Bogor");
    await user.click(byTestId("walk-in-add-guest"));
    await user.type(byTestId("walk-in-guest-1-name"), "Andi Saputra");
    await user.type(byTestId("walk-in-guest-1-position"), "Analis");
    await user.type(byTestId("walk-in-guest-1-institution"), "Pemkot Bogor");
  }

  it("registers a delegation without booking as a tatap muka request, checked in at once", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await fillWalkIn(user);
    await user.type(byTestId("walk-in-arrived-time"), "10:20");
    await user.click(byTestId("walk-in-submit"));
    const summary = await screen.findByTestId("walk-in-confirm");
    expect(fake.callsTo("walkIn")).toHaveLength(0);
    expect(within(summary).getAllByTestId(/^preview-violation-/).map((li) => li.dataset.testid)).toEqual([
      "preview-violation-no_booking",
      "preview-violation-no_letter",
    ]);
    await user.click(byTestId("walk-in-confirm-record"));

    await waitFor(() => expect(fake.callsTo("walkIn")).toHaveLength(1));
    const [input] = fake.callsTo("walkIn")[0] as [WalkInInput];
    expect(input.request).toMatchObject({
      channel: "in_person",
      requester: { kind: "regional_government", region_code: "32.71", name: null },
      contact: { name: "Dewi Lestari", whatsapp: "081298765432", email: null },
      topics: ["PDRD"],
      description: "Konsultasi tarif PBB-P2.",
      preferred_slots: [],
      planned_guest_count: 2,
      letter: null,
      received_on: null,
    });
    expect(input.request.guests.map((g) => g.name)).toEqual(["Dewi Lestari", "Andi Saputra"]);
    expect(input.check_in).toEqual({
      present: [0, 1],
      extra_guests: [],
      arrived_time: "10:20",
      note: null,
    });

    // The form closes and the walk-in joins the day, after the booked ones, with its violations.
    await waitFor(() => expect(screen.queryByTestId("walk-in-form")).toBeNull());
    const id = [...fake.details.keys()].at(-1)!;
    const card = await screen.findByTestId(`arrival-${id}`);
    const video = screen.getByTestId("video-attendance");
    expect(screen.getAllByTestId(/^arrival-\d+$/).filter((c) => !video.contains(c)).at(-1)).toBe(card);
    expect(card.textContent).toContain("Datang tanpa jadwal");
    const kinds = within(byTestId<HTMLElement>(`arrival-${id}-violations`))
      .getAllByTestId(/^violation-/)
      .map((li) => li.dataset.testid);
    expect(kinds).toEqual(["violation-no_booking", "violation-no_letter"]);
    expect(fake.details.get(id)?.status).toBe("checked_in");
    expect(screen.getByTestId("notice").textContent).toContain(`permohonan #${id}`);
  });

  it("places request.… and check_in.… errors beside their fields, and Enter submits", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await user.click(byTestId("walk-in-open"));
    await screen.findByTestId("walk-in-form");

    await user.type(byTestId("walk-in-arrived-time"), "7.30{Enter}");
    await screen.findByTestId("walk-in-error");
    expect(fake.callsTo("walkInPreview")).toHaveLength(1);
    expect(fake.callsTo("walkIn")).toHaveLength(0);
    const contactError = fieldError("contact.name")!;
    expect(contactError.textContent).toBe("Nama narahubung wajib diisi");
    expect(byTestId("contact-name").getAttribute("aria-describedby")).toContain(contactError.id);
    expect(fieldError("topics")?.textContent).toBe("Pilih minimal satu topik konsultasi");
    expect(byTestId("walk-in-guest-0-name").getAttribute("aria-describedby")).toContain(fieldError("guests[0].name")!.id);
    const timeError = fieldError("arrived_time")!;
    expect(timeError.textContent).toContain("JJ:MM");
    expect(byTestId("walk-in-arrived-time").getAttribute("aria-describedby")).toContain(timeError.id);
    expect(fake.details.size).toBe(3);

    // Typing in a field drops its stale complaint.
    await user.type(byTestId("contact-name"), "Dewi");
    expect(fieldError("contact.name")).toBeNull();
    expect(fieldError("topics")).not.toBeNull();

    await user.click(byTestId("walk-in-cancel"));
    expect(screen.queryByTestId("walk-in-form")).toBeNull();
  });
});

describe("Kedatangan helpers", () => {
  it("splits a walk-in's errors into the request's and the check-in's", () => {
    expect(
      splitWalkInErrors([
        { field: "request.guests[1].name", message: "a" },
        { field: "check_in.arrived_time", message: "b" },
        { field: "actor", message: "c" },
      ]),
    ).toEqual({
      request: [{ field: "guests[1].name", message: "a" }],
      checkIn: [
        { field: "arrived_time", message: "b" },
        { field: "actor", message: "c" },
      ],
    });
  });

  it("shows guests' names as text, never as markup", async () => {
    // The same day, with the first guest of #1 registered under a name that looks like markup.
    const fake = dayBackend("markup-guest");
    const { user } = await renderApp(fake);
    const card = await openArrivals(user);
    expect(card.textContent).toContain('<img src="x" onerror="alert(1)">Ajat');
    expect(card.querySelector("img")).toBeNull();
  });
});

describe("Correcting a check-in", () => {
  async function checkInGuestZero(user: User) {
    await user.click(byTestId("arrival-1-guest-0"));
    await user.click(byTestId("arrival-1-check-in"));
    await user.click(await screen.findByTestId("arrival-1-confirm-record"));
    await screen.findByTestId("arrival-1-violations");
  }

  it("voids a check-in with a reason: its violations are withdrawn and the delegation can check in again", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await checkInGuestZero(user);
    const [recorded] = await fake.checkInsOf(1);
    expect(recorded!.violations.map((v) => v.kind)).toEqual(["not_confirmed", "regional_head_absent"]);
    const checkInId = recorded!.id;

    await user.click(byTestId("arrival-1-void-open"));
    // No reason: the core refuses, and the complaint sits beside the reason field.
    await user.click(byTestId("arrival-1-void-submit"));
    const reasonError = await waitFor(() => fieldError("reason")!);
    expect(reasonError.textContent).toBe("Alasan pembatalan wajib diisi");
    expect(byTestId("arrival-1-void-reason").getAttribute("aria-describedby")).toContain(reasonError.id);
    expect(fake.details.get(1)?.status).toBe("checked_in");

    await user.type(byTestId("arrival-1-void-reason"), "Salah centang tamu");
    expect(fieldError("reason")).toBeNull();
    await user.click(byTestId("arrival-1-void-submit"));

    await waitFor(() => expect(fake.callsTo("voidCheckIn").at(-1)).toEqual([checkInId, { reason: "Salah centang tamu" }]));
    // Back to the form: it was only scheduled, so it is scheduled again, with nothing counted.
    await screen.findByTestId("arrival-1-check-in");
    expect(fake.details.get(1)?.status).toBe("scheduled");
    expect((await fake.complianceHistory("32.01")).violations).toEqual([]);
    expect(screen.getByTestId("notice").textContent).toContain("Permohonan #1 kedatangannya dibatalkan");
    // The voided check-in stays in the request's history, with its reason.
    const [voided] = await fake.checkInsOf(1);
    expect(voided?.voided?.reason).toBe("Salah centang tamu");
    expect((await fake.auditTrail(1)).at(-1)).toMatchObject({ action: "void_check_in", note: "Salah centang tamu" });
  });

  it("shows the core's refusal of a void (an agent) and keeps the check-in", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await checkInGuestZero(user);
    fake.failNext("voidCheckIn", new ApiError("policy", "Hanya sekretariat yang dapat membatalkan kedatangan; Rina masuk sebagai agen"));
    await user.click(byTestId("arrival-1-void-open"));
    await user.type(byTestId("arrival-1-void-reason"), "Salah");
    await user.click(byTestId("arrival-1-void-submit"));
    const error = await screen.findByTestId("arrival-1-void-error");
    expect(error.textContent).toContain("Hanya sekretariat");
    expect(fake.details.get(1)?.status).toBe("checked_in");
    expect(screen.getByTestId("arrival-1-violations")).toBeTruthy();
  });

  it("shows a voided check-in as dibatalkan with its reason", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    await checkInGuestZero(user);
    const [standing] = await fake.checkInsOf(1);
    await fake.voidCheckIn(standing!.id, { reason: "Tamu salah permohonan" });
    const [voided] = await fake.checkInsOf(1);
    const { render } = await import("@testing-library/svelte");
    const CheckInSummary = (await import("../lib/components/arrivals/CheckInSummary.svelte")).default;
    render(CheckInSummary, { props: { checkIn: voided!, testIdPrefix: "past" } });
    expect(byTestId<HTMLElement>("past-voided").textContent).toContain("Dibatalkan: Tamu salah permohonan");
    expect(screen.queryByTestId("past-void-open")).toBeNull();
  });
});

describe("Kehadiran video conference", () => {
  it("keeps video conferences off the desk's arrivals and records who joined on their own list", async () => {
    const fake = dayBackend();
    const { user } = await renderApp(fake);
    await openArrivals(user);
    const section = await screen.findByTestId("video-attendance");
    expect(section.querySelector("#video-attendance-title")?.textContent).toBe("Kehadiran video conference");
    expect(fake.callsTo("videoAttendance")).toEqual([[TODAY]]);
    // The desk's cards are the tatap muka ones; the video conference is only in its section.
    const card = within(section).getByTestId("arrival-3");
    const deskCards = screen.getAllByTestId(/^arrival-\d+$/).filter((c) => !section.contains(c));
    expect(deskCards.map((c) => c.dataset.testid)).toEqual(["arrival-2", "arrival-1"]);
    // No arrival time for a video conference.
    expect(within(card).queryByTestId("arrival-3-arrived-time")).toBeNull();

    await user.click(byTestId("arrival-3-guest-0"));
    await user.click(byTestId("arrival-3-check-in"));
    const summary = await screen.findByTestId("arrival-3-confirm");
    expect(summary.textContent).toContain("Dimulai");
    expect(byTestId<HTMLElement>("arrival-3-confirm-time").textContent).toBe("10.00 WIB");
    // The Walikota marked as Kepala Daerah did not join.
    expect(within(summary).getAllByTestId(/^preview-violation-/).map((li) => li.dataset.testid)).toEqual([
      "preview-violation-regional_head_absent",
    ]);
    await user.click(byTestId("arrival-3-confirm-record"));
    await waitFor(() => expect(fake.callsTo("checkIn")).toHaveLength(1));
    expect(fake.callsTo("checkIn")[0]).toEqual([3, { present: [0], extra_guests: [], arrived_time: null, note: null }]);
    await within(section).findByTestId("arrival-3-attendees");
    expect(screen.getByTestId("notice").textContent).toContain("Permohonan #3 tercatat kehadirannya");
  });
});
