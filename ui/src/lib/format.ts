// The secretariat works in Jakarta; pin the zone so dates do not shift with the PC's settings.
const OFFICE_TZ = "Asia/Jakarta";

const countFormat = new Intl.NumberFormat("id-ID");
const dateFormat = new Intl.DateTimeFormat("id-ID", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: OFFICE_TZ,
});
const clockParts = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: OFFICE_TZ,
});
const decimalFormat = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return countFormat.format(n);
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "28 Nov 2026"; falls back to the raw text rather than showing "Invalid Date". */
export function formatDate(iso: string): string {
  const date = parse(iso);
  return date ? dateFormat.format(date) : iso;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${countFormat.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${decimalFormat.format(bytes / 1024)} KB`;
  return `${decimalFormat.format(bytes / (1024 * 1024))} MB`;
}

const isoDayFormat = new Intl.DateTimeFormat("en-CA", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  timeZone: OFFICE_TZ,
});

/** Today's date in Jakarta as "YYYY-MM-DD" (what date inputs and the core use). */
export function todayInOffice(now: Date = new Date()): string {
  const parts = Object.fromEntries(isoDayFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The current time in Jakarta as "HH:MM" (what time inputs and the core use). */
export function clockInOffice(now: Date = new Date()): string {
  const parts = Object.fromEntries(clockParts.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute}`;
}

/** The year of a "YYYY-MM-DD" date, or null. */
export function yearOf(isoDate: string): number | null {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(isoDate);
  return match ? Number(match[1]) : null;
}

/** "08:00" → "08.00" (Indonesian notation); other text passes through. */
export function formatClock(time: string): string {
  return /^\d{1,2}:\d{2}$/.test(time) ? time.replace(":", ".") : time;
}

/** The current month in Jakarta as "YYYY-MM" (what month inputs and the report use). */
export function monthInOffice(now: Date = new Date()): string {
  return todayInOffice(now).slice(0, 7);
}

/**
 * Wraps user text in Unicode isolates (FSI … PDI) for places that take a plain string rather
 * than markup (the calendar's event titles, tooltips): a name holding U+202E then cannot
 * reorder the text around it. In markup, use `<bdi>`.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
