import type { CalendarEntry } from "./api/types";
import { isolate } from "./format";
import { CHANNEL_LABELS, STATUS_LABELS } from "./labels";

/**
 * What a booking's box on the calendar says. The calendar already shows the WIB time, so the
 * title adds only the requester's own time when the core gives one ("11.00 WIT"); the full
 * label is in the description. The requester's name is isolated, since a title is plain text.
 */
export function eventText(entry: CalendarEntry): { title: string; location: string; description: string } {
  const local = entry.local_time ? ` · ${entry.local_time}` : "";
  return {
    title: `#${entry.request_id} ${isolate(entry.requester_label)} — ${STATUS_LABELS[entry.status]}${local}`,
    location: [entry.room_code, entry.unit_code].filter(Boolean).join(" · "),
    description: `${CHANNEL_LABELS[entry.channel]} · ${entry.label}`,
  };
}
