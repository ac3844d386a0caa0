// Generated from the Rust types of the core (src/api.rs, src/error.rs, src/domain) by
// tests/bindings.rs. Do not edit: run `UPDATE_BINDINGS=1 cargo test --test bindings`.

/**
 * How the consultation takes place (S-38/PK/2023 prefers video conference).
 */
export type Channel = "video_conference" | "in_person";

/**
 * Where a request stands in the workflow of DESIGN §3.
 */
export type RequestStatus = "draft" | "submitted" | "verified" | "scheduled" | "confirmed" | "checked_in" | "completed" | "rejected" | "cancelled" | "no_show";

/**
 * Who asks (*pengguna layanan*). The first two are tied to an official region.
 */
export type RequesterKind = "regional_government" | "regional_council" | "ministry_agency" | "academic" | "association" | "other";

/**
 * Indonesia's three civil time zones. None observes daylight saving.
 */
export type ZoneLabel = "WIB" | "WITA" | "WIT";

/**
 * The level of a region in Kemendagri's list.
 */
export type RegionKind = "province" | "regency" | "city";

/**
 * The closed set of error kinds that crosses the IPC boundary.
 */
export type ErrorCode = "validation" | "policy" | "conflict" | "not_found" | "internal";

/**
 * One field's complaint, with a dotted path such as `guests[1].name`.
 */
export type FieldError = { field: string, message: string, };

export type ErrorDetails = { fields: Array<FieldError>, };

/**
 * What the UI and the CLI receive for any failed call: `{ code, message, details }`.
 */
export type ErrorPayload = { code: ErrorCode, message: string, details: ErrorDetails, };

/**
 * Who asks. A Pemda or DPRD is named by `region_code`; anyone else by `name`.
 */
export type RequesterInput = { kind: RequesterKind | null, region_code: string | null, name: string | null, };

export type ContactInput = { name: string, whatsapp: string, email: string | null, };

/**
 * A preferred date and start time, in WIB as staff type them.
 */
export type PreferredSlotInput = { 
/**
 * `YYYY-MM-DD`
 */
date: string, 
/**
 * `HH:MM`, WIB
 */
time: string, };

export type GuestInput = { name: string, 
/**
 * The guest's position (*jabatan*).
 */
position: string, institution: string, contact: string | null, is_regional_head: boolean, };

/**
 * A scanned letter as uploaded: the original file name and its bytes in base64.
 */
export type ScanUpload = { file_name: string, content_base64: string, };

export type LetterInput = { number: string, 
/**
 * `YYYY-MM-DD`
 */
date: string, subject: string, addressee: string, signer: string, 
/**
 * A new scan to store. On update, `null` keeps the scan already stored.
 */
scan: ScanUpload | null, };

/**
 * Everything a new or edited request carries.
 */
export type RequestInput = { channel: Channel | null, requester: RequesterInput, contact: ContactInput, topics: Array<string>, description: string, preferred_slots: Array<PreferredSlotInput>, 
/**
 * Any JSON number arrives here; the service refuses what is not a whole number 1–100.
 */
planned_guest_count: number, regional_head_attends: boolean, guests: Array<GuestInput>, letter: LetterInput | null, };

/**
 * Filters of the request list; `None` means "any".
 */
export type RequestFilter = { status: RequestStatus | null, channel: Channel | null, region_code: string | null, 
/**
 * Words to find in the requester, contact, description, letter number or guest names.
 */
text: string | null, };

/**
 * One match of the requester search: a Pemda or its DPRD.
 */
export type RequesterOption = { kind: RequesterKind, region_code: string, label: string, province_name: string, zone: ZoneLabel, region_kind: RegionKind, };

/**
 * A region of the official list, as the CLI's `regions search` prints it.
 */
export type RegionView = { code: string, name: string, kind: RegionKind, province_code: string, province_name: string, zone: ZoneLabel, time_zone: string, };

export type Topic = { code: string, name: string, unit_code: string, unit_name: string, };

export type RequesterView = { kind: RequesterKind, region_code: string | null, label: string, province_name: string | null, zone: ZoneLabel, };

export type ContactView = { name: string, 
/**
 * E.164, e.g. `+6281234567890`.
 */
whatsapp: string, email: string | null, };

export type TopicRef = { code: string, name: string, };

export type SlotView = { 
/**
 * RFC 3339, UTC.
 */
starts_at: string, 
/**
 * `YYYY-MM-DD` in WIB.
 */
date: string, 
/**
 * `HH:MM` in WIB.
 */
time: string, 
/**
 * "Kamis, 3 Desember 2026 09.00 WIB / 11.00 WIT"
 */
label: string, };

export type GuestView = { name: string, position: string, institution: string, contact: string | null, is_regional_head: boolean, };

export type ScanInfo = { file_name: string, mime_type: string, size_bytes: number, sha256: string, };

export type LetterView = { number: string, date: string, subject: string, addressee: string, signer: string, scan: ScanInfo | null, };

export type RequestDetail = { id: number, status: RequestStatus, channel: Channel, requester: RequesterView, contact: ContactView, topics: Array<TopicRef>, description: string, preferred_slots: Array<SlotView>, planned_guest_count: number, regional_head_attends: boolean, guests: Array<GuestView>, letter: LetterView | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, updated_at: string, };

/**
 * One row of the request list.
 */
export type RequestSummary = { id: number, status: RequestStatus, channel: Channel, requester_label: string, requester_kind: RequesterKind, region_code: string | null, zone: ZoneLabel, 
/**
 * Topic names, in the configured order.
 */
topics: Array<string>, 
/**
 * The earliest preferred start, RFC 3339 UTC.
 */
first_slot: string | null, first_slot_label: string | null, planned_guest_count: number, letter_number: string | null, contact_name: string, created_at: string, };
