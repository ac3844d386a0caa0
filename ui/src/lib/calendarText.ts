import type { CalendarEntry } from "./api/types";
import { isolate } from "./format";
import { CHANNEL_LABELS, STATUS_LABELS } from "./labels";

/**
 * What a booking's box on the calendar says. The title carries the core's label of the slot,
 * so a requester outside WIB sees its own time there too ("09.00 WIB / 11.00 WIT"); the
 * requester's name is isolated, since a title is plain text.
 */
export function eventText(entry: CalendarEntry): { title: string; location: string; description: string } {
  return {
    title: `#${entry.request_id} ${isolate(entry.requester_label)} — ${STATUS_LABELS[entry.status]} · ${entry.label}`,
    location: [entry.room_code, entry.unit_code].filter(Boolean).join(" · "),
    description: `${CHANNEL_LABELS[entry.channel]} · ${entry.label}`,
  };
}
