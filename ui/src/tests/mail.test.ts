import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { BookingView, MailDeliveryView, MailSettingsInput, MailTestResult } from "../lib/api/types";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, fieldError, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const KEPT = {
  enabled: true,
  host: "smtp.kemenkeu.go.id",
  port: 587,
  security: "starttls",
  username: "callcenter.djpk",
  password_kept: true,
  sender_name: "Contact Center DJPK",
  sender_address: "callcenter.djpk@kemenkeu.go.id",
  reminder_working_days: 1,
  reminder_pemda_time: "10:00",
  reminder_staff_time: "07:30",
  trusted_certificate: null,
  trusted_certificate_fingerprints: [],
  attach_confirmation: false,
} as const;

/** What the form sends when nothing is touched: the kept settings, the password kept. */
const UNTOUCHED: MailSettingsInput = {
  enabled: true,
  host: "smtp.kemenkeu.go.id",
  port: 587,
  security: "starttls",
  username: "callcenter.djpk",
  password: null,
  sender_name: "Contact Center DJPK",
  sender_address: "callcenter.djpk@kemenkeu.go.id",
  reminder_working_days: 1,
  reminder_pemda_time: "10:00",
  reminder_staff_time: "07:30",
  trusted_certificate: null,
  attach_confirmation: false,
};

function withKeptSettings(seed: ConstructorParameters<typeof FakeBackend>[0] = {}): FakeBackend {
  const fake = new FakeBackend(seed);
  fake.mailSettingsData = { ...KEPT, trusted_certificate_fingerprints: [] };
  return fake;
}

async function openMailTab(user: User) {
  await user.click(screen.getByTestId("open-settings"));
  await screen.findByTestId("settings");
  await user.click(byTestId("settings-tab-mail"));
  return screen.findByTestId("mail-settings-tab");
}

/** Resolves what a test holds back, so the screen can be seen while the core is still busy. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Pengaturan: Surel", () => {
  it("shows the kept settings, never the password", async () => {
    const fake = withKeptSettings();
    const { user } = await renderApp(fake);
    await openMailTab(user);

    expect(byTestId("settings-tab-mail").textContent?.trim()).toBe("Surel");
    expect(byTestId("settings-tab-mail").getAttribute("aria-selected")).toBe("true");
    expect(byTestId("mail-enabled").checked).toBe(true);
    expect(byTestId("mail-host").value).toBe("smtp.kemenkeu.go.id");
    expect(byTestId("mail-port").value).toBe("587");
    expect(byTestId<HTMLSelectElement>("mail-security").value).toBe("starttls");
    expect(
      [...byTestId<HTMLSelectElement>("mail-security").options].map((o) => [o.value, o.textContent]),
    ).toEqual([
      ["starttls", "STARTTLS (port 587)"],
      ["tls", "TLS (port 465)"],
      ["plain", "Tanpa enkripsi (hanya server di komputer ini)"],
    ]);
    expect(byTestId("mail-username").value).toBe("callcenter.djpk");
    const password = byTestId("mail-password");
    expect(password.type).toBe("password");
    expect(password.value).toBe("");
    expect(password.placeholder).toBe("Tersimpan — kosongkan untuk tetap memakai");
    expect(byTestId("mail-sender-name").value).toBe("Contact Center DJPK");
    expect(byTestId("mail-sender-address").value).toBe("callcenter.djpk@kemenkeu.go.id");
    expect(byTestId("mail-reminder-days").value).toBe("1");
    expect(byTestId("mail-reminder-pemda-time").value).toBe("10:00");
    expect(byTestId("mail-reminder-staff-time").value).toBe("07:30");
    // The Pemda's reminder is on its own clock, and the screen says so.
    expect(byTestId("mail-settings-tab").textContent).toContain("jam setempat Pemda");
    expect(screen.queryByTestId("mail-read-only")).toBeNull();
    expect(fake.callsTo("mailSettings")).toHaveLength(1);
  });

  it("keeps the kept password when the box is left empty, and sends the edited settings", async () => {
    const fake = withKeptSettings();
    const { user } = await renderApp(fake);
    await openMailTab(user);

    await user.clear(byTestId("mail-host"));
    await user.type(byTestId("mail-host"), "mail.djpk.kemenkeu.go.id");
    await user.clear(byTestId("mail-port"));
    await user.type(byTestId("mail-port"), "465");
    await user.selectOptions(byTestId("mail-security"), "tls");
    await user.clear(byTestId("mail-reminder-days"));
    await user.type(byTestId("mail-reminder-days"), "2");
    await user.clear(byTestId("mail-reminder-pemda-time"));
    await user.type(byTestId("mail-reminder-pemda-time"), "0930");
    // No reminder for the resource persons.
    await user.clear(byTestId("mail-reminder-staff-time"));
    await user.click(byTestId("mail-save"));

    expect((await screen.findByTestId("mail-settings-saved")).textContent).toContain("tersimpan");
    expect(fake.callsTo("saveMailSettings")).toEqual([
      [
        {
          ...UNTOUCHED,
          host: "mail.djpk.kemenkeu.go.id",
          port: 465,
          security: "tls",
          reminder_working_days: 2,
          reminder_pemda_time: "09:30",
          reminder_staff_time: null,
        } satisfies MailSettingsInput,
      ],
    ]);
    expect(byTestId("mail-password").placeholder).toBe("Tersimpan — kosongkan untuk tetap memakai");
  });

  it("sends the typed password, and an empty one when Hapus is chosen", async () => {
    const fake = withKeptSettings();
    const { user } = await renderApp(fake);
    await openMailTab(user);

    await user.type(byTestId("mail-password"), "rahasia-baru 2026");
    await user.click(byTestId("mail-save"));
    await screen.findByTestId("mail-settings-saved");
    expect(fake.callsTo("saveMailSettings").at(-1)).toEqual([{ ...UNTOUCHED, password: "rahasia-baru 2026" }]);
    // What was typed is gone once saved: the core keeps it, the form does not.
    expect(byTestId("mail-password").value).toBe("");

    await user.click(byTestId("mail-password-forget"));
    expect(byTestId("mail-password").disabled).toBe(true);
    await user.click(byTestId("mail-save"));
    await waitFor(() => expect(fake.callsTo("saveMailSettings")).toHaveLength(2));
    expect(fake.callsTo("saveMailSettings").at(-1)).toEqual([{ ...UNTOUCHED, password: "" }]);

    // Nothing is kept any more: there is nothing to forget.
    await screen.findByTestId("mail-settings-saved");
    expect(screen.queryByTestId("mail-password-forget")).toBeNull();
    expect(byTestId("mail-password").placeholder).not.toContain("Tersimpan");
  });

  it("shows the core's refusal beside each field it names", async () => {
    const fake = withKeptSettings();
    fake.failNext(
      "saveMailSettings",
      new ApiError("validation", "Pengaturan surel belum dapat disimpan.", {
        fields: [
          { field: "sender_address", message: "Alamat pengirim bukan alamat surel" },
          { field: "reminder_working_days", message: "Pengingat Pemda 0 sampai 10 hari kerja, bukan 12" },
          { field: "enabled", message: "Isian tidak dikenal" },
        ],
      }),
    );
    const { user } = await renderApp(fake);
    await openMailTab(user);
    await user.clear(byTestId("mail-sender-address"));
    await user.type(byTestId("mail-sender-address"), "callcenter");
    await user.clear(byTestId("mail-reminder-days"));
    await user.type(byTestId("mail-reminder-days"), "12");
    await user.click(byTestId("mail-save"));

    const error = await waitFor(() => {
      const el = fieldError("sender_address");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(error.textContent).toBe("Alamat pengirim bukan alamat surel");
    const address = byTestId("mail-sender-address");
    expect(error.parentElement!.contains(address)).toBe(true);
    expect(address.getAttribute("aria-invalid")).toBe("true");
    expect(address.getAttribute("aria-describedby")?.split(" ")).toContain(error.id);
    expect(fieldError("reminder_working_days")!.parentElement!.contains(byTestId("mail-reminder-days"))).toBe(true);
    // A path with no field on screen lands in the banner.
    expect(within(byTestId("mail-settings-error")).getByText("Isian tidak dikenal").dataset.field).toBe("enabled");
    expect(screen.queryByTestId("mail-settings-saved")).toBeNull();
    // What was typed stays, and the first field the core named has the focus.
    expect(address.value).toBe("callcenter");
    expect(document.activeElement).toBe(address);

    await user.type(address, "@kemenkeu.go.id");
    expect(fieldError("sender_address")).toBeNull();
  });

  it("trusts a pasted authority certificate, shows its fingerprint, and says where a refusal belongs", async () => {
    const fake = withKeptSettings();
    fake.fingerprintsOfSaved = ["AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"];
    const { user } = await renderApp(fake);
    await openMailTab(user);
    expect(screen.queryByTestId("mail-trusted-fingerprints")).toBeNull();

    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    const box = byTestId<HTMLTextAreaElement>("mail-trusted-certificate");
    await user.click(box);
    await user.paste(pem);
    await user.click(byTestId("mail-save"));

    await screen.findByTestId("mail-settings-saved");
    expect(fake.callsTo("saveMailSettings").at(-1)).toEqual([{ ...UNTOUCHED, trusted_certificate: pem }]);
    const shown = byTestId("mail-trusted-fingerprints");
    expect(shown.textContent).toContain("cocokkan dengan pengelola server");
    expect(within(shown).getByText(fake.fingerprintsOfSaved[0]!).tagName).toBe("CODE");

    fake.failNext(
      "saveMailSettings",
      new ApiError("validation", "Pengaturan surel belum dapat disimpan.", {
        fields: [{ field: "trusted_certificate", message: "Sertifikat tidak terbaca: tempelkan sertifikat PEM lengkap" }],
      }),
    );
    await user.clear(box);
    await user.type(box, "bukan sertifikat");
    await user.click(byTestId("mail-save"));
    const error = await waitFor(() => {
      const el = fieldError("trusted_certificate");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(error.parentElement!.contains(box)).toBe(true);
    expect(box.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(box);

    // Emptied: the system's certificate store alone.
    await user.clear(box);
    await user.click(byTestId("mail-save"));
    await screen.findByTestId("mail-settings-saved");
    expect(fake.callsTo("saveMailSettings").at(-1)).toEqual([{ ...UNTOUCHED, trusted_certificate: null }]);
    expect(screen.queryByTestId("mail-trusted-fingerprints")).toBeNull();
  });

  it("attaches the confirmation letter on request, and says the Pemda's invitation then waits for it", async () => {
    const fake = withKeptSettings();
    const { user } = await renderApp(fake);
    await openMailTab(user);
    expect(byTestId("mail-attach-confirmation").checked).toBe(false);
    expect(screen.queryByTestId("mail-attach-hint")).toBeNull();

    await user.click(byTestId("mail-attach-confirmation"));
    expect(byTestId("mail-attach-hint").textContent).toContain("menunggu sampai surat konfirmasi");
    await user.click(byTestId("mail-save"));

    await screen.findByTestId("mail-settings-saved");
    expect(fake.callsTo("saveMailSettings").at(-1)).toEqual([{ ...UNTOUCHED, attach_confirmation: true }]);
    expect(byTestId("mail-attach-confirmation").checked).toBe(true);
  });

  it("does not send a port the contract cannot carry", async () => {
    const fake = withKeptSettings();
    const { user } = await renderApp(fake);
    await openMailTab(user);
    await user.clear(byTestId("mail-port"));
    await user.click(byTestId("mail-save"));
    expect(fieldError("port")?.textContent).toContain("bilangan bulat");
    expect(fake.callsTo("saveMailSettings")).toHaveLength(0);
  });

  it("sends a test message and shows what the server answered", async () => {
    const fake = withKeptSettings();
    const answer = deferred<MailTestResult>();
    fake.sendTestMail = async (input) => {
      fake.calls.push({ method: "sendTestMail", args: [input] });
      return answer.promise;
    };
    const { user } = await renderApp(fake);
    await openMailTab(user);

    await user.type(byTestId("mail-test-to"), "sari@kemenkeu.go.id");
    await user.click(byTestId("mail-test-send"));
    // The server may take its time: the button says so and cannot be pressed twice.
    await waitFor(() => expect(byTestId<HTMLButtonElement>("mail-test-send").disabled).toBe(true));
    expect(byTestId("mail-test-send").textContent).toContain("Mengirim…");
    answer.resolve({ delivered: true, answer: "250 2.0.0 Ok: queued as 4F2A1" });

    const result = await screen.findByTestId("mail-test-result");
    expect(result.textContent?.trim()).toBe("Terkirim: 250 2.0.0 Ok: queued as 4F2A1");
    expect(result.classList.contains("ok")).toBe(true);
    expect(byTestId<HTMLButtonElement>("mail-test-send").disabled).toBe(false);
    expect(fake.callsTo("sendTestMail")).toEqual([[{ to: "sari@kemenkeu.go.id" }]]);

    fake.sendTestMail = async () => ({
      delivered: false,
      answer: "Server smtp.kemenkeu.go.id:587 tidak dapat dihubungi: koneksi ditolak",
    });
    await user.click(byTestId("mail-test-send"));
    await waitFor(() => expect(byTestId("mail-test-result").textContent).toContain("Tidak terkirim"));
    expect(byTestId("mail-test-result").textContent?.trim()).toBe(
      "Tidak terkirim: Server smtp.kemenkeu.go.id:587 tidak dapat dihubungi: koneksi ditolak",
    );
    expect(byTestId("mail-test-result").classList.contains("problem")).toBe(true);
  });

  it("shows a refused test address beside its box", async () => {
    const fake = withKeptSettings();
    fake.failNext(
      "sendTestMail",
      new ApiError("validation", "Data tidak valid: Alamat tujuan bukan alamat surel", {
        fields: [{ field: "to", message: "Alamat tujuan bukan alamat surel" }],
      }),
    );
    const { user } = await renderApp(fake);
    await openMailTab(user);
    await user.type(byTestId("mail-test-to"), "sari");
    await user.click(byTestId("mail-test-send"));

    const error = await waitFor(() => {
      const el = fieldError("to");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(error.textContent).toBe("Alamat tujuan bukan alamat surel");
    expect(byTestId("mail-test-to").getAttribute("aria-describedby")).toBe(error.id);
    expect(screen.queryByTestId("mail-test-result")).toBeNull();
    expect(screen.queryByTestId("mail-test-error")).toBeNull();
  });

  it("shows an agent the settings without a way to change them", async () => {
    const fake = withKeptSettings({ currentUser: 2 });
    const { user } = await renderApp(fake);
    await openMailTab(user);

    expect(byTestId("mail-read-only").textContent).toContain("Hanya sekretariat");
    expect(byTestId("mail-host").value).toBe("smtp.kemenkeu.go.id");
    for (const id of ["mail-enabled", "mail-host", "mail-port", "mail-password", "mail-reminder-pemda-time", "mail-test-to"]) {
      expect(byTestId(id).matches(":disabled"), id).toBe(true);
    }
    expect(byTestId<HTMLButtonElement>("mail-save").disabled).toBe(true);
    expect(byTestId("mail-test-send").matches(":disabled")).toBe(true);
    await user.click(byTestId("mail-save"));
    await user.click(byTestId("mail-test-send"));
    expect(fake.callsTo("saveMailSettings")).toHaveLength(0);
    expect(fake.callsTo("sendTestMail")).toHaveLength(0);
  });

  it("shows the core's refusal when the profile may not save after all", async () => {
    const fake = withKeptSettings();
    fake.failNext("saveMailSettings", new ApiError("policy", "Hanya Sekretariat atau Ketua tim yang dapat mengubah pengaturan surel"));
    const { user } = await renderApp(fake);
    await openMailTab(user);
    await user.click(byTestId("mail-save"));
    expect((await screen.findByTestId("mail-settings-error")).textContent).toContain("mengubah pengaturan surel");
    expect(screen.queryByTestId("mail-settings-saved")).toBeNull();
  });
});

const BOOKING: BookingView = {
  id: 30,
  channel: "in_person",
  starts_at: "2026-12-07T02:00:00Z",
  ends_at: "2026-12-07T03:00:00Z",
  duration_minutes: 60,
  label: "Senin, 7 Desember 2026 09.00 WIB",
  room_code: "R1",
  meeting_url: null,
  unit_code: "DTU",
  ical_uid: "permohonan-7@test",
  resource_person_ids: [],
  sequence: 0,
};

/** One message as the core lists it; tests override what they care about. */
function message(id: number, overrides: Partial<MailDeliveryView> = {}): MailDeliveryView {
  return {
    id,
    kind: "invite",
    kind_label: "Undangan",
    sequence: 0,
    audience: "pemda",
    recipient_name: "Siti Aminah",
    recipient_address: "siti.aminah@bogorkab.go.id",
    state: "sent",
    state_label: "Terkirim",
    attempts: 1,
    due_at: "2026-12-01T03:00:00Z",
    due_label: "Selasa, 1 Desember 2026 10.00 WIB",
    answer: "250 2.0.0 Ok: queued as 7C1D",
    sent_at: "2026-12-01T03:00:05Z",
    can_resend: false,
    attached_letter: null,
    ...overrides,
  };
}

const FAILED_ANSWER =
  "550 5.1.1 <andi.wijaya.kepala.seksi.dana.alokasi.umum@kemenkeu.go.id>: Recipient address rejected: User unknown in virtual mailbox table";

function withMessages(seed: ConstructorParameters<typeof FakeBackend>[0] = {}): FakeBackend {
  const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })], ...seed });
  fake.mailByRequest.set(7, [
    message(41),
    message(42, {
      audience: "staff",
      recipient_name: "Andi Wijaya",
      recipient_address: "andi.wijaya.kepala.seksi.dana.alokasi.umum@kemenkeu.go.id",
      state: "failed",
      state_label: "Gagal",
      attempts: 3,
      answer: FAILED_ANSWER,
      sent_at: null,
      can_resend: true,
    }),
    message(43, {
      kind: "reminder",
      kind_label: "Pengingat",
      state: "queued",
      state_label: "Dalam antrean",
      attempts: 0,
      due_at: "2026-12-04T03:00:00Z",
      due_label: "Jumat, 4 Desember 2026 10.00 WIB",
      answer: null,
      sent_at: null,
    }),
  ]);
  return fake;
}

async function openRequest(user: User) {
  await waitForRows(1);
  await user.dblClick(rows()[0]!);
  await screen.findByTestId("request-form");
  return screen.findByTestId("mail-panel");
}

const mailRows = () => screen.queryAllByTestId("mail-row");

describe("Surel undangan of a request", () => {
  it("lists each message with its recipient, state, time and the server's answer", async () => {
    const fake = withMessages();
    const { user } = await renderApp(fake);
    const panel = await openRequest(user);

    await waitFor(() => expect(mailRows()).toHaveLength(3));
    expect(fake.callsTo("mailOfRequest")).toEqual([[7]]);
    const [sent, failed, queued] = mailRows() as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(sent).getByTestId("mail-state").textContent).toBe("Terkirim");
    expect(within(failed).getByTestId("mail-state").textContent).toBe("Gagal");
    expect(within(queued).getByTestId("mail-state").textContent).toBe("Dalam antrean");
    expect(sent.textContent).toContain("Undangan");
    expect(queued.textContent).toContain("Pengingat");
    expect(within(queued).getByTestId("mail-due").textContent).toBe("Jumat, 4 Desember 2026 10.00 WIB");
    expect(within(failed).getByTestId("mail-answer").textContent).toBe(FAILED_ANSWER);
    expect(within(failed).getByText("3× dicoba")).toBeTruthy();
    // Names and addresses are the Pemda's own text: isolated, each alone.
    const name = within(sent).getByText("Siti Aminah");
    expect(name.tagName).toBe("BDI");
    expect(within(sent).getByText("siti.aminah@bogorkab.go.id").tagName).toBe("BDI");
    // Only the failed one can be sent again.
    expect(within(failed).getByTestId("mail-resend")).toBeTruthy();
    expect(within(sent).queryByTestId("mail-resend")).toBeNull();
    expect(within(queued).queryByTestId("mail-resend")).toBeNull();
    expect(within(panel).queryByTestId("mail-empty")).toBeNull();
  });

  it("names the letter a sent invitation carried, and a waiting one's reason as the desk's own", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    fake.mailByRequest.set(7, [
      message(51, { attached_letter: "S-12/PK.1/2026" }),
      message(52, {
        recipient_name: "Ni Luh",
        recipient_address: "ni.luh@bogorkab.go.id",
        state: "queued",
        state_label: "Dalam antrean",
        attempts: 0,
        answer: "Belum dikirim: menunggu surat konfirmasi jadwal diterbitkan; undangan dikirim bersama suratnya",
        sent_at: null,
      }),
    ]);
    const { user } = await renderApp(fake);
    await openRequest(user);
    await waitFor(() => expect(mailRows()).toHaveLength(2));
    const [sent, waiting] = mailRows() as [HTMLElement, HTMLElement];

    expect(within(sent).getByTestId("mail-attached-letter").textContent).toBe("Surat konfirmasi S-12/PK.1/2026");
    expect(within(sent).getByText("Jawaban server")).toBeTruthy();
    expect(within(waiting).queryByTestId("mail-attached-letter")).toBeNull();
    expect(within(waiting).getByText("Keterangan")).toBeTruthy();
    expect(within(waiting).getByTestId("mail-answer").textContent).toContain("menunggu surat konfirmasi");
  });

  it("sends a failed message again and shows it queued", async () => {
    const fake = withMessages();
    const { user } = await renderApp(fake);
    await openRequest(user);
    await waitFor(() => expect(mailRows()).toHaveLength(3));

    await user.click(within(mailRows()[1]!).getByTestId("mail-resend"));

    await waitFor(() => expect(within(mailRows()[1]!).getByTestId("mail-state").textContent).toBe("Dalam antrean"));
    expect(fake.callsTo("resendMail")).toEqual([[42]]);
    expect(fake.callsTo("mailOfRequest")).toHaveLength(2);
    expect(screen.queryAllByTestId("mail-resend")).toHaveLength(0);
  });

  it("offers no resend to an agent", async () => {
    const fake = withMessages({ currentUser: 2 });
    const { user } = await renderApp(fake);
    await openRequest(user);
    await waitFor(() => expect(mailRows()).toHaveLength(3));
    expect(within(mailRows()[1]!).getByTestId("mail-state").textContent).toBe("Gagal");
    expect(screen.queryAllByTestId("mail-resend")).toHaveLength(0);
  });

  it("says when a request has no message yet, and asks again when a desk changes something", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    const { user } = await renderApp(fake);
    const panel = await openRequest(user);
    expect((await within(panel).findByTestId("mail-empty")).textContent).toBe("Belum ada surel untuk permohonan ini.");

    fake.mailByRequest.set(7, [message(41, { state: "uncertain", state_label: "Tidak pasti", can_resend: true, answer: null })]);
    fake.emitLive({ kind: "change", change: { id: 90, action: "request.schedule", request_id: 7 } });

    await waitFor(() => expect(mailRows()).toHaveLength(1));
    expect(within(mailRows()[0]!).getByTestId("mail-state").textContent).toBe("Tidak pasti");
    expect(within(mailRows()[0]!).getByTestId("mail-resend")).toBeTruthy();
    expect(within(panel).queryByTestId("mail-empty")).toBeNull();
  });
});
