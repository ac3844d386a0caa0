import type { SessionWindowSettings } from "../api/types";

/** One editable session window; `key` keeps each row's inputs stable while others are removed. */
export type WindowRow = { key: number; start: string; end: string };

export const DAYS_IN_WEEK = 7;

let nextKey = 1;
const windowRow = (start = "", end = ""): WindowRow => ({ key: nextKey++, start, end });

/** Always seven days (Monday first), whatever the stored list holds. */
function toDays(weekly: readonly (readonly SessionWindowSettings[])[]): WindowRow[][] {
  return Array.from({ length: DAYS_IN_WEEK }, (_, day) => (weekly[day] ?? []).map((w) => windowRow(w.start, w.end)));
}

/** The weekly session windows being edited (Kebijakan and Jam layanan khusus share it). */
export class WeekEditor {
  days = $state<WindowRow[][]>([]);

  constructor(weekly: readonly (readonly SessionWindowSettings[])[] = []) {
    this.days = toDays(weekly);
  }

  reset(weekly: readonly (readonly SessionWindowSettings[])[]): void {
    this.days = toDays(weekly);
  }

  /** Adds a window: after the last one of the day, or office hours on a closed day. */
  add(day: number): void {
    const windows = this.days[day];
    if (!windows) return;
    const last = windows.at(-1);
    windows.push(last ? windowRow(last.end, "") : windowRow("08:00", "16:00"));
  }

  remove(day: number, index: number): void {
    this.days[day]?.splice(index, 1);
  }

  toSettings(): SessionWindowSettings[][] {
    return this.days.map((day) => day.map(({ start, end }) => ({ start, end })));
  }
}

/** "08.00–12.00, 13.00–16.00" or "Tutup". */
export function describeDay(windows: readonly SessionWindowSettings[]): string {
  if (windows.length === 0) return "Tutup";
  return windows.map((w) => `${w.start.replace(":", ".")}–${w.end.replace(":", ".")}`).join(", ");
}

/** "Senin–Kamis 08.00–15.00; Jumat 08.00–15.30; Sabtu–Minggu tutup": consecutive equal days joined. */
export function describeWeek(weekly: readonly (readonly SessionWindowSettings[])[], dayNames: readonly string[]): string {
  const parts: string[] = [];
  let day = 0;
  while (day < DAYS_IN_WEEK) {
    const text = describeDay(weekly[day] ?? []);
    let last = day;
    while (last + 1 < DAYS_IN_WEEK && describeDay(weekly[last + 1] ?? []) === text) last++;
    const days = last === day ? dayNames[day] : `${dayNames[day]}–${dayNames[last]}`;
    parts.push(`${days} ${text === "Tutup" ? "tutup" : text}`);
    day = last + 1;
  }
  return parts.join("; ");
}
