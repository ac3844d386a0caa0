import { render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { BookingView, CalendarFilter, ScheduleInput } from "../lib/api/types";
import { todayInOffice } from "../lib/format";
import { CalendarBoard } from "../lib/state/calendar.svelte";
import CalendarView from "../views/CalendarView.svelte";
import { FakeBackend, makeDetail, makeEntry, makeFinding } from "./fakeBackend";
import { byTestId, renderApp } from "./helpers";

// jsdom has no ResizeObserver; Schedule-X only uses it to adapt to the window's width.
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const BOOKING: BookingView = {
  id: 30,
  channel: "in_person",
  starts_at: "2026-12-07T02:00:00Z",
  ends_at: "2026-12-07T03:30:00Z",
  duration_minutes: 90,
  label: "Senin, 7 Desember 2026 09.00 WIB",
  room_code: "R1",
  meeting_url: null,
  unit_code: "DTK",
  ical_uid: "permohonan-7@test",
  resource_person_ids: [],
  sequence: 0,
};

function scheduledBackend() {
  return new FakeBackend({
    details: [makeDetail(7, { status: "scheduled", channel: "in_person", booking: BOOKING })],
  });
}

const filters = (backend: FakeBackend) => backend.callsTo("calendar").map((args) => args[0] as CalendarFilter);

describe("CalendarBoard", () => {
  it("loads the visible range and reloads with every filter change", async () => {
    const backend = scheduledBackend();
    const board = new CalendarBoard(backend);
    await board.load();
    expect(backend.callsTo("calendar")).toHaveLength(0); // no range yet

    await board.setRange({ from: "2026-12-07", to: "2026-12-13" });
    expect(board.entries.map((e) => e.request_id)).toEqual([7]);
    await board.setRange({ from: "2026-12-07", to: "2026-12-13" }); // unchanged: no reload
    await board.setRoom("R2");
    expect(board.entries).toEqual([]);
    await board.setUnit("DTK");
    await board.setChannel("in_person");
    await board.setRoom("");
    expect(board.entries.map((e) => e.request_id)).toEqual([7]);
    await board.setRange({ from: "2026-11-30", to: "2027-01-10" });

    expect(filters(backend)).toEqual([
      { from: "2026-12-07", to: "2026-12-13", room_code: null, unit_code: null, channel: null },
      { from: "2026-12-07", to: "2026-12-13", room_code: "R2", unit_code: null, channel: null },
      { from: "2026-12-07", to: "2026-12-13", room_code: "R2", unit_code: "DTK", channel: null },
      { from: "2026-12-07", to: "2026-12-13", room_code: "R2", unit_code: "DTK", channel: "in_person" },
      { from: "2026-12-07", to: "2026-12-13", room_code: null, unit_code: "DTK", channel: "in_person" },
      { from: "2026-11-30", to: "2027-01-10", room_code: null, unit_code: "DTK", channel: "in_person" },
    ]);
    expect(board.phase).toBe("done");
  });

  it("keeps only the answer to the latest load", async () => {
    const backend = scheduledBackend();
    backend.calendarEntries = [makeEntry(9, "2027-02-01T03:00:00Z")];
    const board = new CalendarBoard(backend);
    const first = board.setRange({ from: "2026-12-07", to: "2026-12-13" });
    const second = board.setRange({ from: "2027-02-01", to: "2027-02-07" });
    await Promise.all([first, second]);
    expect(board.entries.map((e) => e.request_id)).toEqual([9]);
  });

  it("moves a booking keeping its length, room and unit, then reloads", async () => {
    const backend = scheduledBackend();
    const board = new CalendarBoard(backend);
    await board.setRange({ from: "2026-12-07", to: "2026-12-13" });

    expect(await board.reschedule(7, { date: "2026-12-08", time: "13:30" })).toBe(true);

    expect(backend.callsTo("rescheduleRequest")).toEqual([
      [
        7,
        {
          date: "2026-12-08",
          time: "13:30",
          duration_minutes: 90,
          room_code: "R1",
          unit_code: "DTK",
          meeting_url: null,
          resource_person_ids: null,
        } satisfies ScheduleInput,
      ],
    ]);
    expect(backend.callsTo("calendar")).toHaveLength(2);
    expect(board.entries[0]?.starts_at).toBe("2026-12-08T06:30:00.000Z");
    expect(board.refusal).toBeNull();
  });

  it("a refused move keeps the booking and the core's reasons", async () => {
    const backend = scheduledBackend();
    const board = new CalendarBoard(backend);
    await board.setRange({ from: "2026-12-07", to: "2026-12-13" });
    backend.failNext(
      "rescheduleRequest",
      new ApiError("conflict", "Jadwal bentrok", {
        findings: [makeFinding("room-conflict", "block", { message: "Ruang R1 sudah dipakai permohonan #3" })],
      }),
    );

    expect(await board.reschedule(7, { date: "2026-12-08", time: "13:30" })).toBe(false);

    expect(board.refusal?.message).toBe("Jadwal bentrok");
    expect(board.refusal?.findings.map((f) => f.rule)).toEqual(["room-conflict"]);
    expect(board.entries[0]?.starts_at).toBe(BOOKING.starts_at);
    expect(backend.callsTo("calendar")).toHaveLength(1); // nothing to reload
  });
});

describe("CalendarView", () => {
  it("shows a refused move with its findings in calendar-error", async () => {
    const backend = scheduledBackend();
    const board = new CalendarBoard(backend);
    const notices: string[] = [];
    render(CalendarView, { props: { board, onopen: () => {}, onnotice: (text: string) => notices.push(text) } });
    await waitFor(() => expect(board.range).not.toBeNull());
    await waitFor(() => expect(board.phase).toBe("done"));

    backend.failNext(
      "rescheduleRequest",
      new ApiError("conflict", "Jadwal bentrok", {
        findings: [makeFinding("room-conflict", "block", { message: "Ruang R1 sudah dipakai permohonan #3" })],
      }),
    );
    // Make sure the entry is in the board whatever week the calendar opened on.
    await board.setRange({ from: "2026-12-07", to: "2026-12-13" });
    await board.reschedule(7, { date: "2026-12-08", time: "13:30" });

    const error = await screen.findByTestId("calendar-error");
    expect(error.textContent).toContain("Jadwal bentrok");
    const finding = within(error).getByTestId("finding");
    expect(finding.dataset.rule).toBe("room-conflict");
    expect(finding.textContent).toContain("Ruang R1 sudah dipakai permohonan #3");
    expect(notices).toEqual([]);
  });

  it("opens from the header, loads a week in WIB and reloads when a filter changes", async () => {
    const backend = scheduledBackend();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-calendar"));
    expect(await screen.findByTestId("calendar")).toBeTruthy();

    await waitFor(() => expect(backend.callsTo("calendar")).toHaveLength(1));
    const first = filters(backend)[0]!;
    // The week view: Monday to Sunday.
    expect(new Date(`${first.from}T00:00:00Z`).getUTCDay()).toBe(1);
    expect((Date.parse(first.to) - Date.parse(first.from)) / 86_400_000).toBe(6);

    await waitFor(() => expect(screen.getAllByRole("option", { name: "Ruang Rapat DJPK Lt. 2" })).toHaveLength(1));
    await user.selectOptions(byTestId<HTMLSelectElement>("calendar-filter-room"), "R1");
    await user.selectOptions(byTestId<HTMLSelectElement>("calendar-filter-unit"), "DTK");
    await user.selectOptions(byTestId<HTMLSelectElement>("calendar-filter-channel"), "video_conference");
    await waitFor(() => expect(backend.callsTo("calendar")).toHaveLength(4));
    expect(filters(backend)[3]).toEqual({ ...first, room_code: "R1", unit_code: "DTK", channel: "video_conference" });
  });

  it("Alt+K opens the calendar", async () => {
    const backend = scheduledBackend();
    const { user } = await renderApp(backend);
    await user.keyboard("{Alt>}k{/Alt}");
    expect(await screen.findByTestId("calendar")).toBeTruthy();
  });

  it("renders this week's bookings as events carrying the request id; a click opens the request", async () => {
    const today = todayInOffice();
    const starts = new Date(`${today}T09:00:00+07:00`).toISOString();
    const booking = { ...BOOKING, starts_at: starts, ends_at: new Date(Date.parse(starts) + 3_600_000).toISOString() };
    const backend = new FakeBackend({
      details: [makeDetail(7, { status: "confirmed", channel: "in_person", booking })],
    });
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-calendar"));
    const calendar = await screen.findByTestId("calendar");
    const event = await waitFor(() => {
      const found = calendar.querySelector<HTMLElement>('[data-testid="calendar-event"][data-event-id="7"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(event.classList.contains("confirmed")).toBe(true);
    expect(event.textContent).toContain("Dikonfirmasi");
    await user.click(event);
    await screen.findByTestId("request-form");
    expect(backend.callsTo("getRequest")).toContainEqual([7]);
  });
});
