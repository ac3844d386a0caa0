// The Kalender screen's geometry: which days a week or month shows, where each booking sits in
// the week's time grid, and the range's heading. Positions come from the WIB date, clock time
// and length the core gives each booking, never from arithmetic on instants here.
// No booking rule lives here: a moved booking is judged by the core.

import type { CalendarEntry } from "./api/types";
import { addDays, MONTH_NAMES, monthGrid, parseIso, toIso, WEEKDAY_NAMES, weekdayIndex, type Ymd } from "./dates";

export type CalendarMode = "day" | "week" | "month";

/** The hours the week grid shows, as minutes after midnight (WIB). */
export const GRID_START_MINUTE = 7 * 60;
export const GRID_END_MINUTE = 19 * 60;
/** A dragged booking snaps to this step. */
export const SNAP_MINUTES = 30;

function ymd(iso: string): Ymd {
  const parsed = parseIso(iso);
  if (!parsed) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return parsed;
}

export function shiftDay(iso: string, days: number): string {
  return toIso(addDays(ymd(iso), days));
}

export function mondayOf(iso: string): string {
  const day = ymd(iso);
  return toIso(addDays(day, -weekdayIndex(day)));
}

/** The days the mode shows around `anchor`: one day, Monday to Sunday, or the month's whole weeks. */
export function visibleDays(mode: CalendarMode, anchor: string): string[] {
  if (mode === "day") return [anchor];
  if (mode === "week") {
    const monday = mondayOf(anchor);
    return Array.from({ length: 7 }, (_, i) => shiftDay(monday, i));
  }
  const { year, month } = ymd(anchor);
  const weeks = monthGrid(year, month).length;
  const first = mondayOf(toIso({ year, month, day: 1 }));
  return Array.from({ length: weeks * 7 }, (_, i) => shiftDay(first, i));
}

/** The anchor one period earlier (-1) or later (+1). */
export function stepAnchor(mode: CalendarMode, anchor: string, direction: -1 | 1): string {
  if (mode === "day") return shiftDay(anchor, direction);
  if (mode === "week") return shiftDay(anchor, 7 * direction);
  const { year, month } = ymd(anchor);
  const index = year * 12 + (month - 1) + direction;
  return toIso({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
}

/** "2 Desember 2026", "30 November – 6 Desember 2026", "28 Desember 2026 – 3 Januari 2027", "Desember 2026". */
export function rangeTitle(mode: CalendarMode, anchor: string): string {
  const long = (d: Ymd) => `${d.day} ${MONTH_NAMES[d.month - 1]} ${d.year}`;
  if (mode === "day") {
    const day = ymd(anchor);
    return `${WEEKDAY_NAMES[weekdayIndex(day)]}, ${long(day)}`;
  }
  if (mode === "month") {
    const { year, month } = ymd(anchor);
    return `${MONTH_NAMES[month - 1]} ${year}`;
  }
  const days = visibleDays("week", anchor);
  const first = ymd(days[0]!);
  const last = ymd(days[6]!);
  if (first.year !== last.year) return `${long(first)} – ${long(last)}`;
  if (first.month !== last.month) return `${first.day} ${MONTH_NAMES[first.month - 1]} – ${long(last)}`;
  return `${first.day}–${long(last)}`;
}

/** A booking as the time grid places it. */
export type PlacedEntry = {
  entry: CalendarEntry;
  /** WIB `YYYY-MM-DD` and `HH:MM` of the start. */
  date: string;
  time: string;
  startMinute: number;
  endMinute: number;
  /** Side-by-side position among the bookings it overlaps: lane `lane` of `lanes`. */
  lane: number;
  lanes: number;
};

function minuteOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * Bookings by WIB day, each with its lane: bookings that overlap share the day's width, the way
 * a desk calendar shows parallel consultations. Groups of mutually reachable overlaps share one
 * lane count, so boxes of one group line up.
 */
export function placeEntries(entries: readonly CalendarEntry[]): Map<string, PlacedEntry[]> {
  const byDay = new Map<string, PlacedEntry[]>();
  for (const entry of entries) {
    // The core places the booking: its WIB date, clock and length.
    const { date, time } = entry;
    const startMinute = minuteOf(time);
    const length = Math.max(1, entry.duration_minutes);
    const placed: PlacedEntry = { entry, date, time, startMinute, endMinute: startMinute + length, lane: 0, lanes: 1 };
    const day = byDay.get(date);
    if (day) day.push(placed);
    else byDay.set(date, [placed]);
  }
  for (const day of byDay.values()) {
    day.sort((a, b) => a.startMinute - b.startMinute || b.endMinute - a.endMinute || a.entry.request_id - b.entry.request_id);
    let group: PlacedEntry[] = [];
    let laneEnds: number[] = [];
    let groupEnd = -1;
    const close = () => {
      for (const placed of group) placed.lanes = laneEnds.length;
      group = [];
      laneEnds = [];
    };
    for (const placed of day) {
      if (placed.startMinute >= groupEnd) close();
      let lane = laneEnds.findIndex((end) => end <= placed.startMinute);
      if (lane < 0) {
        lane = laneEnds.length;
        laneEnds.push(placed.endMinute);
      } else {
        laneEnds[lane] = placed.endMinute;
      }
      placed.lane = lane;
      group.push(placed);
      groupEnd = Math.max(groupEnd, placed.endMinute);
    }
    close();
  }
  return byDay;
}

/** `HH:MM` of a minute after midnight. */
export function clockOf(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The start a booking dragged by `deltaMinutes` gets: snapped, and kept inside the grid's hours. */
export function movedStart(startMinute: number, lengthMinutes: number, deltaMinutes: number): number {
  const snapped = Math.round((startMinute + deltaMinutes) / SNAP_MINUTES) * SNAP_MINUTES;
  return Math.min(Math.max(snapped, GRID_START_MINUTE), GRID_END_MINUTE - Math.min(lengthMinutes, GRID_END_MINUTE - GRID_START_MINUTE));
}
