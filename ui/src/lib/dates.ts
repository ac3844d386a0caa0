// What the date, month and time fields need to show and read dates the Indonesian way
// (dd/mm/yyyy, "Maret 2023", 24-hour clock) whatever the operating system's locale, and the day
// grid of their picker. The rest of the app only ever sees ISO text: `YYYY-MM-DD`, `YYYY-MM`,
// `HH:MM`. No calendar rule lives here (working days, holidays and zones are the core's).

export const MONTH_NAMES = [
  "Januari",
  "Februari",
  "Maret",
  "April",
  "Mei",
  "Juni",
  "Juli",
  "Agustus",
  "September",
  "Oktober",
  "November",
  "Desember",
] as const;

/** Column heads of the picker, Monday first. */
export const WEEKDAY_SHORT = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"] as const;
export const WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"] as const;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

export type Ymd = { year: number; month: number; day: number };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function toIso({ year, month, day }: Ymd): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** A real `YYYY-MM-DD` date, or null. */
export function parseIso(iso: string): Ymd | null {
  const match = ISO_DAY.exec(iso);
  if (!match) return null;
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return ymd.month >= 1 && ymd.month <= 12 && ymd.day >= 1 && ymd.day <= daysInMonth(ymd.year, ymd.month) ? ymd : null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2026-12-07" → "07/12/2026"; other text gives "". */
export function isoToDisplay(iso: string): string {
  const ymd = parseIso(iso);
  return ymd ? `${pad(ymd.day)}/${pad(ymd.month)}/${pad(ymd.year, 4)}` : "";
}

/** "2026-12-02" → "Rabu, 02/12/2026"; other text passes through. */
export function formatDayWithWeekday(iso: string): string {
  const ymd = parseIso(iso);
  return ymd ? `${WEEKDAY_NAMES[weekdayIndex(ymd)]}, ${isoToDisplay(iso)}` : iso;
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex({ year, month, day }: Ymd): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The day `days` after (or before) the given one, for moving through the picker's grid. */
export function addDays({ year, month, day }: Ymd, days: number): Ymd {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The same day `months` later (or earlier), kept inside the month (31 Jan + 1 → 28/29 Feb). */
export function addMonths({ year, month, day }: Ymd, months: number): Ymd {
  const index = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  return { ...target, day: Math.min(day, daysInMonth(target.year, target.month)) };
}

/** The weeks of a month as the picker shows them: Monday first, null outside the month. */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const lead = weekdayIndex({ year, month, day: 1 });
  const cells: (number | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= daysInMonth(year, month); day++) cells.push(day);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** "Desember 2026" */
export function monthTitle(year: number, month: number): string {
  return `${MONTH_NAMES[month - 1]} ${year}`;
}

/** "Senin, 7 Desember 2026": what a screen reader says for a day of the picker. */
export function spokenDay(ymd: Ymd): string {
  return `${WEEKDAY_NAMES[weekdayIndex(ymd)]}, ${ymd.day} ${MONTH_NAMES[ymd.month - 1]} ${ymd.year}`;
}

/** A `YYYY-MM` month, or null. */
export function parseIsoMonth(iso: string): { year: number; month: number } | null {
  const match = ISO_MONTH.exec(iso);
  if (!match) return null;
  const value = { year: Number(match[1]), month: Number(match[2]) };
  return value.month >= 1 && value.month <= 12 ? value : null;
}

export function toIsoMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}`;
}

/** "2023-03" → "Maret 2023"; other text passes through. */
export function formatMonth(iso: string): string {
  const value = parseIsoMonth(iso);
  return value ? monthTitle(value.year, value.month) : iso;
}

export function shiftMonth(iso: string, months: number): string {
  const value = parseIsoMonth(iso);
  if (!value) return iso;
  const next = addMonths({ ...value, day: 1 }, months);
  return toIsoMonth(next.year, next.month);
}

/**
 * Splits typed text into groups of digits of at most the given widths. A separator ('/', '.',
 * '-', ':', space) closes a group early, padding a one-digit day, month or hour ("7/" is "07").
 * Digits beyond the last group are dropped. Returns the groups typed so far and whether the
 * text ends with a separator that closed a group (so the mask shows it).
 */
function groups(raw: string, widths: readonly number[]): { parts: string[]; closed: boolean } {
  const parts: string[] = [""];
  let closed = false;
  for (const ch of raw) {
    const index = parts.length - 1;
    const current = parts[index]!;
    if (ch >= "0" && ch <= "9") {
      closed = false;
      if (current.length < widths[index]!) parts[index] = current + ch;
      else if (index + 1 < widths.length) parts.push(ch);
    } else if ("/.-: ".includes(ch)) {
      if (current.length > 0 && index + 1 < widths.length) {
        parts[index] = current.padStart(widths[index]!, "0");
        parts.push("");
        closed = true;
      }
    }
  }
  if (parts[parts.length - 1] === "" && parts.length > 1 && !closed) parts.pop();
  return { parts, closed };
}

function mask(raw: string, widths: readonly number[], separator: string): string {
  const { parts } = groups(raw, widths);
  return parts.join(separator);
}

/**
 * What the date field shows for typed text: digits with slashes put in as they are needed
 * ("07122026" → "07/12/2026", "7/12" → "07/12"). An ISO date pasted whole is turned around.
 */
export function maskDate(raw: string): string {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(raw);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  return mask(raw, [2, 2, 4], "/");
}

export type Parsed = { value: string; error: null } | { value: ""; error: string; incomplete: boolean };

/**
 * Reads the date field's text. Empty text is no date; a complete text must be a real date.
 * The error says what is wrong, in Indonesian.
 */
export function parseDisplayDate(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { value: "", error: null };
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (!match) return { value: "", error: "Tulis tanggal lengkap: hh/bb/tttt, mis. 07/12/2026.", incomplete: true };
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = Number(match[3]);
  if (month < 1 || month > 12) return { value: "", error: "Bulan harus 01 sampai 12.", incomplete: false };
  if (year < 1900) return { value: "", error: "Tahun tidak masuk akal.", incomplete: false };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return {
      value: "",
      error: `Tanggal ${trimmed} tidak ada: ${MONTH_NAMES[month - 1]} ${year} hanya sampai tanggal ${last}.`,
      incomplete: false,
    };
  }
  return { value: toIso({ year, month, day }), error: null };
}

/** What the time field shows for typed text: "0930" → "09:30", "9.30" → "09:30". */
export function maskTime(raw: string): string {
  return mask(raw, [2, 2], ":");
}

/** Reads the time field's text as `HH:MM` (24-hour). */
export function parseDisplayTime(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { value: "", error: null };
  const match = /^(\d{2}):(\d{2})$/.exec(trimmed);
  if (!match) return { value: "", error: "Tulis jam lengkap: jj:mm, mis. 09:30.", incomplete: true };
  if (Number(match[1]) > 23) return { value: "", error: "Jam harus 00 sampai 23.", incomplete: false };
  if (Number(match[2]) > 59) return { value: "", error: "Menit harus 00 sampai 59.", incomplete: false };
  return { value: trimmed, error: null };
}

/** A valid `HH:MM` as the time field shows it ("09:30"); other text gives "". */
export function timeToDisplay(time: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(time);
  return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : "";
}

/**
 * Where the caret goes after the text is re-masked: after as many digits as were before it.
 */
export function caretAfterDigits(masked: string, digitsBefore: number): number {
  if (digitsBefore === 0) return 0;
  let seen = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i]!;
    if (ch >= "0" && ch <= "9") seen++;
    if (seen === digitsBefore) {
      // Step over a separator that follows, so typing carries on in the next group.
      return masked[i + 1] && !(masked[i + 1]! >= "0" && masked[i + 1]! <= "9") ? i + 2 : i + 1;
    }
  }
  return masked.length;
}

/**
 * Reads what was typed in the month field: "Maret 2023", "mar 2023", "03/2023", "3-2023" or
 * `2023-03`. Null when it is not (yet) a month.
 */
export function parseTypedMonth(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  const iso = parseIsoMonth(trimmed);
  if (iso) return toIsoMonth(iso.year, iso.month);
  const numeric = /^(\d{1,2})\s*[/.\- ]\s*(\d{4})$/.exec(trimmed);
  if (numeric) {
    const month = Number(numeric[1]);
    return month >= 1 && month <= 12 ? toIsoMonth(Number(numeric[2]), month) : null;
  }
  const named = /^([a-z]{3,})\.?\s+(\d{4})$/.exec(trimmed);
  if (named) {
    const index = MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(named[1]!));
    return index >= 0 ? toIsoMonth(Number(named[2]), index + 1) : null;
  }
  return null;
}
