import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { FieldError, MailSecurity, MailSettingsInput, MailSettingsView, MailTestResult } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

/** The ways to reach the SMTP server, as the select offers them. */
export const MAIL_SECURITY_OPTIONS: ReadonlyArray<{ value: MailSecurity; label: string }> = [
  { value: "starttls", label: "STARTTLS (port 587)" },
  { value: "tls", label: "TLS (port 465)" },
  { value: "plain", label: "Tanpa enkripsi (hanya server di komputer ini)" },
];

/** What the form edits. The kept password is never shown: `password` is only what is typed now. */
export type MailSettingsFields = {
  enabled: boolean;
  host: string;
  port: number | null;
  security: MailSecurity;
  username: string;
  /** Typed now; empty keeps the kept one (unless `forgetPassword`). */
  password: string;
  /** "Hapus kata sandi tersimpan": the save sends "" so the core forgets it. */
  forgetPassword: boolean;
  sender_name: string;
  sender_address: string;
  reminder_working_days: number | null;
  /** `HH:MM` on the Pemda's own clock, or "" while not (yet) a time. */
  reminder_pemda_time: string;
  /** `HH:MM` WIB; "" for no reminder of the resource persons. */
  reminder_staff_time: string;
  /** PEM of an authority trusted for the server; "" for the system's certificate store alone. */
  trusted_certificate: string;
  /** The Pemda's invitation waits for the confirmation letter and carries it. */
  attach_confirmation: boolean;
};

/** The paths the core may name that have a field on screen; any other goes to the banner. */
export const MAIL_FIELDS = [
  "host",
  "port",
  "security",
  "username",
  "password",
  "sender_name",
  "sender_address",
  "reminder_working_days",
  "reminder_pemda_time",
  "reminder_staff_time",
  "trusted_certificate",
] as const;

const PLACED: ReadonlySet<string> = new Set<string>(MAIL_FIELDS);

const NUMBERS = [
  { key: "port", label: "Port" },
  { key: "reminder_working_days", label: "Hari kerja pengingat Pemda" },
] as const;

/**
 * Pengaturan › Surel: the SMTP server invitations go out through, the sender, when reminders
 * are due, and the test message. Loaded from and saved through the core, whose field errors land
 * beside the fields; whether a setting is acceptable is the core's to say.
 */
export class MailSettingsForm {
  readonly #backend: Backend;

  fields = $state<MailSettingsFields>({
    enabled: false,
    host: "",
    port: 587,
    security: "starttls",
    username: "",
    password: "",
    forgetPassword: false,
    sender_name: "",
    sender_address: "",
    reminder_working_days: 1,
    reminder_pemda_time: "",
    reminder_staff_time: "",
    trusted_certificate: "",
    attach_confirmation: false,
  });
  /** SHA-256 of each trusted certificate as saved, for staff to compare with their administrator's. */
  trustedFingerprints = $state<string[]>([]);
  /** Whether a password is kept (in the desk's secret file, never in the database). */
  passwordKept = $state(false);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  saving = $state(false);
  saved = $state(false);
  formError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  // The test message: sent with the settings as saved, answered with what the server said.
  testTo = $state("");
  testing = $state(false);
  testResult = $state.raw<MailTestResult | null>(null);
  testError = $state<string | null>(null);
  readonly testErrors = new FieldErrors();

  readonly unplacedErrors = $derived(this.errors.entries().filter(([path]) => !PLACED.has(path)));

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  fill(view: MailSettingsView): void {
    this.fields = {
      enabled: view.enabled,
      host: view.host,
      port: view.port,
      security: view.security,
      username: view.username,
      password: "",
      forgetPassword: false,
      sender_name: view.sender_name,
      sender_address: view.sender_address,
      reminder_working_days: view.reminder_working_days,
      reminder_pemda_time: view.reminder_pemda_time,
      reminder_staff_time: view.reminder_staff_time ?? "",
      trusted_certificate: view.trusted_certificate ?? "",
      attach_confirmation: view.attach_confirmation,
    };
    this.passwordKept = view.password_kept;
    this.trustedFingerprints = view.trusted_certificate_fingerprints;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.fill(await this.#backend.mailSettings());
      this.loaded = true;
    } catch (error) {
      this.loadError = toApiError(error).message;
    }
  }

  /**
   * Numbers the contract cannot carry (empty, fractional) never leave the form; every range is
   * for the core to judge.
   */
  localErrors(): FieldError[] {
    return NUMBERS.flatMap(({ key, label }) => {
      const value = this.fields[key];
      return value === null || value === undefined || !Number.isInteger(value)
        ? [{ field: key, message: `${label} wajib diisi dengan bilangan bulat.` }]
        : [];
    });
  }

  /** The password as the contract reads it: null keeps the kept one, "" forgets it, text replaces it. */
  passwordInput(): string | null {
    const f = this.fields;
    if (f.forgetPassword) return "";
    return f.password === "" ? null : f.password;
  }

  toInput(): MailSettingsInput {
    const f = this.fields;
    return {
      enabled: f.enabled,
      host: f.host,
      port: f.port ?? 0,
      security: f.security,
      username: f.username,
      password: this.passwordInput(),
      sender_name: f.sender_name,
      sender_address: f.sender_address,
      reminder_working_days: f.reminder_working_days ?? 0,
      reminder_pemda_time: f.reminder_pemda_time,
      reminder_staff_time: f.reminder_staff_time === "" ? null : f.reminder_staff_time,
      trusted_certificate: f.trusted_certificate.trim() === "" ? null : f.trusted_certificate,
      attach_confirmation: f.attach_confirmation,
    };
  }

  /** Saves the form; true when the core accepted it. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.saved = false;
    this.formError = null;
    const local = this.localErrors();
    if (local.length) {
      this.errors.replace(local);
      this.formError = "Pengaturan surel belum tersimpan.";
      return false;
    }
    this.errors.clear();
    this.saving = true;
    try {
      this.fill(await this.#backend.saveMailSettings(this.toInput()));
      this.saved = true;
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.formError = apiError.message;
      this.errors.replace(apiError.details.fields);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** An edit makes the last answer old news: its field's error and the "Tersimpan" go. */
  edited(path: string): void {
    this.errors.delete(path);
    this.saved = false;
  }

  /** Sends the test message; the answer (delivered or not) shows, a refusal of the address beside it. */
  async sendTest(): Promise<void> {
    if (this.testing) return;
    this.testing = true;
    this.testResult = null;
    this.testError = null;
    this.testErrors.clear();
    try {
      this.testResult = await this.#backend.sendTestMail({ to: this.testTo });
    } catch (error) {
      const apiError = toApiError(error);
      this.testErrors.replace(apiError.details.fields);
      // A refused address shows beside its field; anything else above it.
      const placed = apiError.details.fields.length > 0 && apiError.details.fields.every((f) => f.field === "to");
      this.testError = placed ? null : apiError.message;
    } finally {
      this.testing = false;
    }
  }
}
