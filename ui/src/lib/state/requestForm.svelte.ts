import type {
  Channel,
  RequestDetail,
  RequestInput,
  RequestStatus,
  RequesterKind,
  RequesterOption,
  ScanInfo,
  ScanUpload,
  SlotView,
  TopicRef,
  ZoneLabel,
} from "../api/types";
import { DEFAULT_ADDRESSEE, isRegionalKind } from "../labels";
import { readFileAsBase64 } from "../files";
import { FieldErrors } from "./fieldErrors.svelte";

export const MAX_SLOTS = 3;

/** The region picked in the combobox; enough to show it again without another search. */
export type PickedRegion = { region_code: string; label: string; province_name: string | null; zone: ZoneLabel };

/** `stored` is the slot as the core last sent it, with its label (local time included). */
export type SlotRow = { key: number; date: string; time: string; stored?: SlotView };
export type GuestRow = {
  key: number;
  name: string;
  position: string;
  institution: string;
  contact: string;
  is_regional_head: boolean;
};
export type LetterFields = { number: string; date: string; subject: string; addressee: string; signer: string };
export type ChosenScan = { upload: ScanUpload; size_bytes: number };

const LETTER_FIELDS = ["number", "date", "subject", "addressee", "signer"] as const;

// Row keys only need to be unique within one page lifetime.
let nextKey = 1;
const newSlot = (date = "", time = ""): SlotRow => ({ key: nextKey++, date, time });
const storedSlot = (slot: SlotView): SlotRow => ({ ...newSlot(slot.date, slot.time), stored: slot });
const newGuest = (): GuestRow => ({
  key: nextKey++,
  name: "",
  position: "",
  institution: "",
  contact: "",
  is_regional_head: false,
});

const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/**
 * Editable model of one permohonan. It holds exactly what the inputs show and
 * turns it into a RequestInput on save; the core validates, this class only
 * keeps the form coherent (one Kepala Daerah, letter on for tatap muka, ...).
 */
export class RequestFormState {
  readonly id: number | null;
  readonly status: RequestStatus | null;
  /**
   * The stored version the fields were loaded from (null for a new request); a save sends it,
   * and the core refuses it as a `conflict` when someone changed the request since.
   */
  version = $state<number | null>(null);
  /** The last save was refused because the request changed meanwhile; what was typed stays. */
  stale = $state(false);

  #channel = $state<Channel>("video_conference");
  #requesterKind = $state<RequesterKind>("regional_government");
  #hasLetter = $state(false);

  picked = $state<PickedRegion | null>(null);
  requesterQuery = $state("");
  requesterName = $state("");
  contact = $state({ name: "", whatsapp: "", email: "" });
  topics = $state<string[]>([]);
  /** Topics on a stored request that the current catalogue no longer lists. */
  legacyTopics = $state<TopicRef[]>([]);
  description = $state("");
  slots = $state<SlotRow[]>([newSlot()]);
  plannedGuestCount = $state<number | null>(1);
  guests = $state<GuestRow[]>([]);
  letter = $state<LetterFields>({ number: "", date: "", subject: "", addressee: "", signer: "" });
  /** "YYYY-MM-DD" the request reached the desk; empty = today (new) or unchanged (edit). */
  receivedOn = $state("");
  chosenScan = $state.raw<ChosenScan | null>(null);
  storedScan = $state.raw<ScanInfo | null>(null);
  readingScan = $state(false);
  scanReadError = $state<string | null>(null);

  saving = $state(false);
  formError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  #baseline = $state("");
  readonly dirty = $derived(this.#fingerprint() !== this.#baseline);
  readonly letterRequired = $derived(this.#channel === "in_person");
  readonly regional = $derived(isRegionalKind(this.#requesterKind));
  readonly zone = $derived<ZoneLabel | null>(this.regional ? (this.picked?.zone ?? null) : null);
  /** The guest marked Kepala Daerah: marking one is the claim that the Kepala Daerah attends. */
  readonly headGuest = $derived(this.guests.find((g) => g.is_regional_head) ?? null);
  /** Errors whose path has no field on screen; the banner lists them so none is lost. */
  readonly unplacedErrors = $derived.by(() => {
    const visible = this.visibleErrorPaths();
    return this.errors.entries().filter(([path]) => !visible.has(path));
  });

  constructor(id: number | null = null, status: RequestStatus | null = null, version: number | null = null) {
    this.id = id;
    this.status = status;
    this.version = version;
    this.markClean();
  }

  static fromDetail(detail: RequestDetail): RequestFormState {
    const form = new RequestFormState(detail.id, detail.status, detail.version);
    form.channel = detail.channel;
    form.requesterKind = detail.requester.kind;
    if (isRegionalKind(detail.requester.kind) && detail.requester.region_code) {
      form.picked = {
        region_code: detail.requester.region_code,
        label: detail.requester.label,
        province_name: detail.requester.province_name,
        zone: detail.requester.zone,
      };
      form.requesterQuery = detail.requester.label;
    } else {
      form.requesterName = detail.requester.label;
    }
    form.contact = {
      name: detail.contact.name,
      whatsapp: detail.contact.whatsapp,
      email: detail.contact.email ?? "",
    };
    form.topics = detail.topics.map((t) => t.code);
    form.legacyTopics = detail.topics;
    form.description = detail.description;
    form.slots = detail.preferred_slots.length
      ? detail.preferred_slots.map(storedSlot)
      : [newSlot()];
    form.plannedGuestCount = detail.planned_guest_count;
    form.guests = detail.guests.map((g) => ({ ...newGuest(), ...g, contact: g.contact ?? "" }));
    if (detail.letter) {
      const { scan, ...fields } = detail.letter;
      form.letter = fields;
      form.storedScan = scan;
    }
    form.hasLetter = detail.letter !== null;
    form.receivedOn = detail.received_on;
    form.markClean();
    return form;
  }

  get channel(): Channel {
    return this.#channel;
  }

  /** Tatap muka needs a request letter (S-38/PK/2023), so switching to it turns the letter on. */
  set channel(channel: Channel) {
    this.#channel = channel;
    if (channel === "in_person") this.hasLetter = true;
  }

  get requesterKind(): RequesterKind {
    return this.#requesterKind;
  }

  /** A picked region belongs to one kind (Pemda vs DPRD); changing the kind drops it. */
  set requesterKind(kind: RequesterKind) {
    if (kind === this.#requesterKind) return;
    this.#requesterKind = kind;
    if (this.picked) {
      this.picked = null;
      this.requesterQuery = "";
    }
  }

  get hasLetter(): boolean {
    return this.#hasLetter;
  }

  set hasLetter(on: boolean) {
    this.#hasLetter = on;
    if (on && this.letter.addressee.trim() === "") this.letter.addressee = DEFAULT_ADDRESSEE;
  }

  pickRequester(option: RequesterOption): void {
    this.requesterKind = option.kind;
    this.picked = {
      region_code: option.region_code,
      label: option.label,
      province_name: option.province_name,
      zone: option.zone,
    };
    this.requesterQuery = option.label;
    this.errors.delete("requester.region_code");
  }

  /** Typing after a pick means the user is looking for someone else. */
  requesterQueryEdited(text: string): void {
    this.requesterQuery = text;
    if (this.picked && text !== this.picked.label) this.picked = null;
  }

  setTopic(code: string, selected: boolean): void {
    const has = this.topics.includes(code);
    if (selected && !has) this.topics.push(code);
    if (!selected && has) this.topics = this.topics.filter((c) => c !== code);
  }

  addSlot(): void {
    if (this.slots.length < MAX_SLOTS) this.slots.push(newSlot());
  }

  removeSlot(index: number): void {
    if (this.slots.length <= 1) return;
    this.slots.splice(index, 1);
    this.errors.deletePrefix("preferred_slots[");
  }

  addGuest(): void {
    this.guests.push(newGuest());
  }

  removeGuest(index: number): void {
    this.guests.splice(index, 1);
    this.errors.deletePrefix("guests[");
  }

  /** At most one guest can be the Kepala Daerah. */
  setRegionalHead(index: number, on: boolean): void {
    this.guests.forEach((guest, i) => {
      guest.is_regional_head = on && i === index;
    });
  }

  async chooseScan(file: File | null): Promise<void> {
    this.scanReadError = null;
    if (!file) {
      this.chosenScan = null;
      return;
    }
    this.readingScan = true;
    try {
      const content_base64 = await readFileAsBase64(file);
      this.chosenScan = { upload: { file_name: file.name, content_base64 }, size_bytes: file.size };
      this.errors.delete("letter.scan");
    } catch {
      this.chosenScan = null;
      this.scanReadError = "Berkas tidak dapat dibaca. Coba pilih ulang berkasnya.";
    } finally {
      this.readingScan = false;
    }
  }

  /**
   * What the rule check needs: the same input without the scan's bytes, which no rule reads
   * and which would otherwise travel on every keystroke.
   */
  checkInput(): RequestInput {
    return this.toInput(false);
  }

  toInput(withScan = true): RequestInput {
    const regional = isRegionalKind(this.#requesterKind);
    return {
      channel: this.#channel,
      requester: {
        kind: this.#requesterKind,
        region_code: regional ? (this.picked?.region_code ?? null) : null,
        name: regional ? null : orNull(this.requesterName),
      },
      contact: {
        name: this.contact.name.trim(),
        whatsapp: this.contact.whatsapp.trim(),
        email: orNull(this.contact.email),
      },
      topics: [...this.topics],
      description: this.description.trim(),
      // Empty rows are sent too, so the core's `preferred_slots[i]` paths match the rows on screen.
      preferred_slots: this.slots.map(({ date, time }) => ({ date, time })),
      planned_guest_count: this.plannedGuestCount ?? 0,
      guests: this.guests.map((g) => ({
        name: g.name.trim(),
        position: g.position.trim(),
        institution: g.institution.trim(),
        contact: orNull(g.contact),
        is_regional_head: g.is_regional_head,
      })),
      letter: this.#hasLetter
        ? {
            number: this.letter.number.trim(),
            date: this.letter.date,
            subject: this.letter.subject.trim(),
            addressee: this.letter.addressee.trim(),
            signer: this.letter.signer.trim(),
            // null on update keeps the stored scan.
            scan: withScan ? (this.chosenScan?.upload ?? null) : null,
          }
        : null,
      received_on: this.receivedOn === "" ? null : this.receivedOn,
    };
  }

  /** Paths that have an error slot on screen right now (depends on kind, rows, letter toggle). */
  visibleErrorPaths(): Set<string> {
    const paths = new Set([
      "channel",
      "requester",
      "requester.kind",
      this.regional ? "requester.region_code" : "requester.name",
      "contact.name",
      "contact.whatsapp",
      "contact.email",
      "topics",
      "description",
      "preferred_slots",
      "planned_guest_count",
      "guests",
      "letter",
      "received_on",
    ]);
    this.slots.forEach((_, i) => {
      for (const part of ["", ".date", ".time"]) paths.add(`preferred_slots[${i}]${part}`);
    });
    this.guests.forEach((_, i) => {
      for (const part of ["", ".name", ".position", ".institution", ".contact", ".is_regional_head"]) {
        paths.add(`guests[${i}]${part}`);
      }
    });
    if (this.#hasLetter) {
      for (const field of [...LETTER_FIELDS, "scan"]) paths.add(`letter.${field}`);
    }
    return paths;
  }

  /**
   * A workflow step taken from this window changed the stored request (its status, its
   * booking) but not its fields: the form's edits are now based on that version. Any other
   * jump means someone else changed it too, and the version is kept so a save is refused.
   */
  followStep(updated: RequestDetail): void {
    if (this.version !== null && updated.version === this.version + 1) this.version = updated.version;
  }

  markClean(): void {
    this.#baseline = this.#fingerprint();
  }

  // Compares what would be sent, minus the scan's bytes (which can be megabytes).
  #fingerprint(): string {
    const input = this.toInput(false);
    const scan = this.chosenScan;
    return JSON.stringify({
      ...input,
      letter: input.letter && { ...input.letter, scan: scan && [scan.upload.file_name, scan.size_bytes] },
    });
  }
}
