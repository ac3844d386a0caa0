import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { movedStart, placeEntries, rangeTitle, stepAnchor, visibleDays } from "../lib/calendarGrid";
import CalendarGrid from "../lib/components/calendar/CalendarGrid.svelte";
import type { CalendarEntry, CalendarFilter } from "../lib/api/types";
import { todayInOffice } from "../lib/format";
import { CalendarBoard } from "../lib/state/calendar.svelte";
import { FakeBackend, makeDetail, makeEntry } from "./fakeBackend";

describe("calendar geometry", () => {
  it("shows Monday to Sunday, a day, or a month's whole weeks", () => {
    expect(visibleDays("week", "2026-12-02")).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(visibleDays("day", "2026-12-02")).toEqual(["2026-12-02"]);
    const month = visibleDays("month", "2026-12-15");
    expect(month[0]).toBe("2026-11-30");
    expect(month.at(-1)).toBe("2027-01-03");
    expect(month).toHaveLength(35);
  });

  it("steps by a day, a week or a month, across the year's end", () => {
    expect(stepAnchor("week", "2026-12-30", 1)).toBe("2027-01-06");
    expect(stepAnchor("month", "2026-12-30", 1)).toBe("2027-01-01");
    expect(stepAnchor("month", "2026-01-31", -1)).toBe("2025-12-01");
    expect(stepAnchor("day", "2027-01-01", -1)).toBe("2026-12-31");
  });

  it("names the range in Indonesian, whole", () => {
    expect(rangeTitle("week", "2026-12-02")).toBe("30 November – 6 Desember 2026");
    expect(rangeTitle("week", "2026-12-09")).toBe("7–13 Desember 2026");
    expect(rangeTitle("week", "2026-12-30")).toBe("28 Desember 2026 – 3 Januari 2027");
    expect(rangeTitle("month", "2023-03-17")).toBe("Maret 2023");
    expect(rangeTitle("day", "2023-03-17")).toBe("Jumat, 17 Maret 2023");
  });

  it("places bookings by WIB day and gives overlapping ones their own lanes", () => {
    const placed = placeEntries([
      makeEntry(1, "2026-12-07T02:00:00Z"), // 09.00–10.00 WIB
      makeEntry(2, "2026-12-07T02:30:00Z"), // 09.30–10.30
      makeEntry(3, "2026-12-07T03:00:00Z"), // 10.00–11.00: lane 0 is free again
      makeEntry(4, "2026-12-07T06:00:00Z"), // 13.00, alone
      makeEntry(5, "2026-12-07T17:30:00Z"), // 00.30 WIB on 8 December
    ]);
    const monday = placed.get("2026-12-07")!;
    const lane = (id: number) => monday.find((p) => p.entry.request_id === id)!;
    expect([lane(1).lane, lane(2).lane, lane(3).lane]).toEqual([0, 1, 0]);
    expect([lane(1).lanes, lane(2).lanes, lane(3).lanes]).toEqual([2, 2, 2]);
    expect([lane(4).lane, lane(4).lanes]).toEqual([0, 1]);
    expect(lane(1).time).toBe("09:00");
    expect(lane(1).startMinute).toBe(9 * 60);
    expect(lane(1).endMinute).toBe(10 * 60);
    expect(placed.get("2026-12-08")?.map((p) => p.time)).toEqual(["00:30"]);
  });

  it("snaps a dragged start to the half hour and keeps it inside 07.00–19.00", () => {
    expect(movedStart(9 * 60, 60, 58)).toBe(10 * 60);
    expect(movedStart(9 * 60, 60, 14)).toBe(9 * 60);
    expect(movedStart(9 * 60, 60, 16)).toBe(9 * 60 + 30);
    expect(movedStart(9 * 60, 60, -600)).toBe(7 * 60);
    expect(movedStart(17 * 60, 90, 600)).toBe(19 * 60 - 90);
  });
});

function boardWith(entries: CalendarEntry[]) {
  const backend = new FakeBackend({ details: entries.map((e) => makeDetail(e.request_id, { status: "scheduled" })) });
  backend.calendarEntries = entries;
  return { backend, board: new CalendarBoard(backend) };
}

const thisMonday = visibleDays("week", todayInOffice())[0]!;

describe("CalendarGrid", () => {
  it("moves through the weeks and loads each range; the heading is whole", async () => {
    const { backend, board } = boardWith([]);
    render(CalendarGrid, { props: { board, onopen: () => {}, onmoved: () => {} } });
    await waitFor(() => expect(backend.callsTo("calendar")).toHaveLength(1));
    const first = backend.callsTo("calendar")[0]![0] as CalendarFilter;
    await fireEvent.click(screen.getByTestId("calendar-next"));
    await waitFor(() => expect(backend.callsTo("calendar")).toHaveLength(2));
    const second = backend.callsTo("calendar")[1]![0] as CalendarFilter;
    expect(Date.parse(second.from) - Date.parse(first.from)).toBe(7 * 86_400_000);
    expect(screen.getByTestId("calendar-range").textContent).toBe(rangeTitle("week", second.from));
    await fireEvent.click(screen.getByTestId("calendar-mode-month"));
    await waitFor(() => expect(backend.callsTo("calendar")).toHaveLength(3));
  });

  it("lists a few bookings per day in the month and the rest behind +N lainnya, which opens the day", async () => {
    const day = thisMonday;
    const entries = [0, 1, 2, 3, 4].map((i) => makeEntry(10 + i, new Date(`${day}T0${i + 1}:00:00Z`).toISOString()));
    const { board } = boardWith(entries);
    render(CalendarGrid, { props: { board, onopen: () => {}, onmoved: () => {} } });
    await fireEvent.click(screen.getByTestId("calendar-mode-month"));
    const more = await screen.findByTestId("calendar-more");
    expect(more.textContent?.trim()).toBe("+2 lainnya");
    const cell = more.closest<HTMLElement>("[role='gridcell']")!;
    expect(within(cell).getAllByTestId("calendar-event")).toHaveLength(3);
    await fireEvent.click(more);
    await waitFor(() => expect(screen.getByTestId("calendar-grid").dataset.mode).toBe("day"));
    await waitFor(() => expect(screen.getAllByTestId("calendar-event")).toHaveLength(5));
  });

  it("a booking dragged an hour down is rescheduled through the core; a click without movement opens it", async () => {
    const entry = makeEntry(7, new Date(`${thisMonday}T02:00:00Z`).toISOString()); // 09.00 WIB
    const { backend, board } = boardWith([entry]);
    const opened: number[] = [];
    const moved: number[] = [];
    render(CalendarGrid, { props: { board, onopen: (id) => opened.push(id), onmoved: (id) => moved.push(id) } });
    const box = await waitFor(() => {
      const found = screen.getAllByTestId("calendar-event").find((e) => e.dataset.eventId === "7");
      expect(found).toBeTruthy();
      return found!;
    });
    expect(box.textContent).toContain("09.00–10.00");

    await fireEvent.mouseDown(box, { button: 0, clientX: 50, clientY: 100 });
    await fireEvent.mouseMove(window, { clientX: 50, clientY: 150 });
    await fireEvent.mouseMove(window, { clientX: 50, clientY: 200 });
    expect(screen.getByTestId("calendar-drop").textContent).toContain("10.00–11.00");
    await fireEvent.mouseUp(window, { clientX: 50, clientY: 200 });
    await waitFor(() => expect(moved).toEqual([7]));
    const [, input] = backend.callsTo("rescheduleRequest")[0]!;
    expect(input).toMatchObject({ date: thisMonday, time: "10:00", duration_minutes: 60 });
    expect(opened).toEqual([]);

    const again = screen.getAllByTestId("calendar-event").find((e) => e.dataset.eventId === "7")!;
    await fireEvent.click(again);
    expect(opened).toEqual([7]);
  });
});
