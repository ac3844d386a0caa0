import { describe, expect, it } from "vitest";
import { sortSummaries } from "../lib/state/requestList.svelte";
import { RequestFormState } from "../lib/state/requestForm.svelte";
import type { Channel, DeskAction, RequestStatus } from "../lib/api/types";
import { clockInOffice, formatBytes, formatCount, todayInOffice } from "../lib/format";
import { describeEntry } from "../lib/state/history.svelte";
import { WEEKDAYS } from "../lib/labels";
import { describeWeek } from "../lib/state/weekEditor.svelte";
import { makeDetail, makeSummary, offeredFor } from "./fakeBackend";

describe("sortSummaries", () => {
  const items = [
    makeSummary(1, { first_slot: "2026-12-05T02:00:00Z" }),
    makeSummary(2, { first_slot: null }),
    makeSummary(3, { first_slot: "2026-12-01T02:00:00Z" }),
  ];

  it("keeps requests without a slot last in both directions", () => {
    expect(sortSummaries(items, { key: "schedule", direction: "asc" }).map((s) => s.id)).toEqual([3, 1, 2]);
    expect(sortSummaries(items, { key: "schedule", direction: "desc" }).map((s) => s.id)).toEqual([1, 3, 2]);
  });

  it("sorts the schedule by the booking once booked, else by the first preference", () => {
    const booking = (starts_at: string) => ({ starts_at, label: starts_at, room_code: null, room_name: null });
    const mixed = [
      // Preferred 1 December but booked on the 10th.
      makeSummary(1, { first_slot: "2026-12-01T02:00:00Z", booking: booking("2026-12-10T02:00:00Z") }),
      makeSummary(2, { first_slot: "2026-12-05T02:00:00Z" }),
      makeSummary(3, { first_slot: null, booking: booking("2026-12-03T02:00:00Z") }),
      makeSummary(4, { first_slot: null }),
    ];
    expect(sortSummaries(mixed, { key: "schedule", direction: "asc" }).map((s) => s.id)).toEqual([3, 2, 1, 4]);
    expect(sortSummaries(mixed, { key: "schedule", direction: "desc" }).map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it("sorts 'Diterima' by the received date, not by when the request was typed in", () => {
    const received = [
      makeSummary(1, { received_on: "2026-11-20", created_at: "2026-11-28T03:00:00Z" }),
      makeSummary(2, { received_on: "2026-11-25", created_at: "2026-11-25T03:00:00Z" }),
      makeSummary(3, { received_on: "2026-11-20", created_at: "2026-11-21T03:00:00Z" }),
    ];
    expect(sortSummaries(received, { key: "received_on", direction: "asc" }).map((s) => s.id)).toEqual([3, 1, 2]);
    expect(sortSummaries(received, { key: "received_on", direction: "desc" }).map((s) => s.id)).toEqual([2, 1, 3]);
  });

  it("does not mutate its input", () => {
    const copy = [...items];
    sortSummaries(items, { key: "id", direction: "desc" });
    expect(items).toEqual(copy);
  });
});

describe("RequestFormState", () => {
  it("switches the letter on for tatap muka and prefills the addressee once", () => {
    const form = new RequestFormState();
    expect(form.toInput().letter).toBeNull();
    form.channel = "in_person";
    expect(form.hasLetter).toBe(true);
    expect(form.toInput().letter?.addressee).toBe("Direktur Jenderal Perimbangan Keuangan");
    form.letter.addressee = "Direktur Dana Transfer Umum";
    form.hasLetter = true;
    expect(form.letter.addressee).toBe("Direktur Dana Transfer Umum");
  });

  it("drops a picked region when the kind changes, and sends a name for other kinds", () => {
    const form = new RequestFormState();
    form.pickRequester({ kind: "regional_government", region_code: "32.01", label: "Kabupaten Bogor", province_name: "Jawa Barat", zone: "WIB", region_kind: "regency" });
    expect(form.toInput().requester).toEqual({ kind: "regional_government", region_code: "32.01", name: null });
    form.requesterKind = "regional_council";
    expect(form.picked).toBeNull();
    form.requesterKind = "association";
    form.requesterName = "  APKASI ";
    expect(form.toInput().requester).toEqual({ kind: "association", region_code: null, name: "APKASI" });
  });

  it("limits slots to three and keeps at least one", () => {
    const form = new RequestFormState();
    form.addSlot();
    form.addSlot();
    form.addSlot();
    expect(form.slots).toHaveLength(3);
    form.removeSlot(0);
    form.removeSlot(0);
    form.removeSlot(0);
    expect(form.slots).toHaveLength(1);
  });

  it("round-trips a stored request and starts clean", () => {
    const detail = makeDetail(9, { contact: { name: "A", whatsapp: "08", email: "a@b.id" } });
    const form = RequestFormState.fromDetail(detail);
    expect(form.dirty).toBe(false);
    expect(form.toInput()).toMatchObject({
      contact: { name: "A", whatsapp: "08", email: "a@b.id" },
      topics: ["DAU"],
      preferred_slots: [{ date: "2026-12-03", time: "09:00" }],
    });
    form.description = "baru";
    expect(form.dirty).toBe(true);
  });

  it("sends the received date as typed, or null when left empty, and checks without the scan's bytes", async () => {
    const form = RequestFormState.fromDetail(makeDetail(3, { received_on: "2026-11-18" }));
    expect(form.toInput().received_on).toBe("2026-11-18");
    form.receivedOn = "";
    expect(form.toInput().received_on).toBeNull();

    form.channel = "in_person";
    await form.chooseScan(new File(["%PDF-1.4"], "surat.pdf", { type: "application/pdf" }));
    expect(form.toInput().letter?.scan?.file_name).toBe("surat.pdf");
    expect(form.checkInput().letter?.scan).toBeNull();
    expect({ ...form.checkInput(), letter: null }).toEqual({ ...form.toInput(), letter: null });
  });

  it("lists errors whose path has no field on screen", () => {
    const form = new RequestFormState();
    form.errors.replace([
      { field: "contact.name", message: "a" },
      { field: "guests[3].name", message: "b" },
      { field: "letter.number", message: "c" },
    ]);
    expect(form.unplacedErrors.map(([path]) => path)).toEqual(["guests[3].name", "letter.number"]);
  });
});

describe("describeWeek", () => {
  it("joins consecutive days with the same sessions", () => {
    const ramadan = [0, 1, 2, 3].map(() => [{ start: "08:00", end: "15:00" }]);
    const week = [...ramadan, [{ start: "08:00", end: "11:30" }, { start: "13:30", end: "15:30" }], [], []];
    expect(describeWeek(week, WEEKDAYS)).toBe("Senin–Kamis 08.00–15.00; Jumat 08.00–11.30, 13.30–15.30; Sabtu–Minggu tutup");
    expect(describeWeek([[{ start: "08:00", end: "16:00" }]], WEEKDAYS)).toBe("Senin 08.00–16.00; Selasa–Minggu tutup");
  });
});

describe("format", () => {
  it("gives today's date in Jakarta, whatever the PC's zone", () => {
    // 20:00 UTC is already the next day in WIB.
    expect(todayInOffice(new Date("2026-12-31T20:00:00Z"))).toBe("2027-01-01");
    expect(todayInOffice(new Date("2026-12-31T10:00:00Z"))).toBe("2026-12-31");
  });

  it("formats counts and sizes the Indonesian way", () => {
    expect(formatCount(1234)).toBe("1.234");
    expect(formatBytes(1536)).toBe("1,5 KB");
  });
});

describe("clockInOffice", () => {
  it("gives the clock and the day in WIB, whatever the PC's zone", () => {
    // 17.05 UTC is already the next day in Jakarta; midnight is 00, not 24.
    expect(clockInOffice(new Date("2026-12-06T17:05:00Z"))).toBe("00:05");
    expect(todayInOffice(new Date("2026-12-06T17:05:00Z"))).toBe("2026-12-07");
  });
});

describe("describeEntry", () => {
  const base = {
    id: 1,
    at: "2026-11-28T02:30:00Z",
    at_label: "Sabtu, 28 November 2026 09.30 WIB",
    actor_name: "Sari",
    request_id: 7,
    note: null,
    desk: null,
    slot_label: null,
    previous_slot_label: null,
  };

  it("labels the action, reads the status change and shows the core's slot labels", () => {
    const view = describeEntry({
      ...base,
      slot_label: "Kamis, 10 Desember 2026 13.00 WIB",
      previous_slot_label: "Senin, 7 Desember 2026 09.00 WIB",
      action: "reschedule",
      before: { status: "confirmed", booking: { starts_at: "2026-12-07T02:00:00Z" } },
      after: { status: "scheduled", starts_at: "2026-12-10T06:00:00Z", room_code: "R2" },
    });
    expect(view).toMatchObject({
      label: "Dijadwalkan ulang",
      actor: "Sari",
      when: "Sabtu, 28 November 2026 09.30 WIB",
      statusChange: "Dikonfirmasi → Dijadwalkan",
      slot: "Kamis, 10 Desember 2026 13.00 WIB",
      previousSlot: "Senin, 7 Desember 2026 09.00 WIB",
    });
  });

  it("tolerates snapshots without a status (create, update) or of any shape", () => {
    expect(describeEntry({ ...base, action: "create", before: null, after: { channel: "in_person" } })).toMatchObject({
      label: "Dibuat",
      statusChange: null,
      slot: null,
    });
    expect(describeEntry({ ...base, action: "update", before: { status: "submitted" }, after: [1, 2] }).statusChange).toBeNull();
    expect(describeEntry({ ...base, action: "verify", before: "x", after: { status: 3 } }).statusChange).toBeNull();
    expect(describeEntry({ ...base, action: "archive", before: null, after: null }).label).toBe("archive");
  });
});

describe("workflow rules the UI shows, as the core's detail offers them (recorded)", () => {
  const offered = (status: RequestStatus, channel: Channel = "video_conference") =>
    offeredFor(status, channel).actions.map((a) => a.action);
  const step = (status: RequestStatus, action: DeskAction, channel: Channel) =>
    offeredFor(status, channel).actions.find((a) => a.action === action)!;

  it("offers each action only from its statuses", () => {
    expect(offered("submitted")).toEqual(["verify", "schedule", "reject", "cancel"]);
    expect(offered("verified")).toEqual(["schedule", "reject", "cancel"]);
    expect(offered("scheduled")).toEqual(["confirm", "reschedule", "cancel"]);
    expect(offered("confirmed")).toEqual(["reschedule", "cancel"]);
    expect(offered("draft")).toEqual(["cancel"]);
    for (const done of ["checked_in", "completed", "rejected", "cancelled", "no_show"] as const) {
      expect(offered(done)).toEqual([]);
      expect(offeredFor(done, "in_person").editable).toBe(false);
    }
    expect(offeredFor("confirmed", "in_person").editable).toBe(true);
  });

  it("marks what only the secretariat may do", () => {
    expect(step("submitted", "verify", "video_conference").secretariat_only).toBe(true);
    expect(step("scheduled", "reschedule", "video_conference").secretariat_only).toBe(false);
    expect(step("scheduled", "reschedule", "in_person").secretariat_only).toBe(true);
    expect(step("confirmed", "cancel", "in_person").secretariat_only).toBe(false);
    expect(step("verified", "reject", "in_person").secretariat_only).toBe(true);
  });
});
