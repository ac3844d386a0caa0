import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { BookingView } from "../lib/api/types";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

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

async function openFirst(user: User) {
  await waitForRows(1);
  await user.dblClick(rows()[0]!);
  return screen.findByTestId("request-form");
}

describe("Undangan dan surat", () => {
  it("saves the invite where the dialog says, under the suggested name", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    const { user } = await renderApp(fake);
    await openFirst(user);
    await user.click(await screen.findByTestId("export-invite"));

    await screen.findByTestId("export-saved");
    expect(fake.callsTo("chooseSavePath")).toEqual([["konsultasi-7-undangan.ics", "ics"]]);
    expect(fake.callsTo("saveExport")).toEqual([
      [{ kind: "invite", request_id: 7, cancel: false }, "/home/staf/Dokumen/berkas/konsultasi-7-undangan.ics"],
    ]);
    expect(byTestId("export-saved").textContent).toContain("konsultasi-7-undangan.ics");

    await user.click(byTestId("export-attendance_sheet"));
    await waitFor(() =>
      expect(fake.callsTo("saveExport").at(-1)?.[0]).toEqual({ kind: "letter", request_id: 7, letter: "attendance_sheet" }),
    );
  });

  it("shows what the core warns about the saved letter", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    fake.exportWarnings = ["1 karakter tidak tersedia pada huruf PDF (DejaVu Sans) dan dicetak sebagai □"];
    const { user } = await renderApp(fake);
    await openFirst(user);
    await user.click(await screen.findByTestId("export-attendance_sheet"));

    await screen.findByTestId("export-saved");
    expect((await screen.findByTestId("export-warning")).textContent).toContain("dicetak sebagai □");
  });

  it("writes nothing when the save dialog is closed", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    fake.savePathAnswer = null;
    const { user } = await renderApp(fake);
    await openFirst(user);
    await user.click(await screen.findByTestId("export-confirmation"));
    await waitFor(() => expect(fake.callsTo("chooseSavePath")).toHaveLength(1));
    expect(fake.callsTo("saveExport")).toEqual([]);
    expect(screen.queryByTestId("export-saved")).toBeNull();
  });

  it("offers the cancellation invite, and nothing else, once cancelled", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "cancelled", booking: null })] });
    const { user } = await renderApp(fake);
    await openFirst(user);
    const invite = await screen.findByTestId("export-invite");
    expect(invite.textContent).toContain("pembatalan");
    expect(screen.queryByTestId("export-confirmation")).toBeNull();
    await user.click(invite);
    await waitFor(() =>
      expect(fake.callsTo("saveExport")[0]?.[0]).toEqual({ kind: "invite", request_id: 7, cancel: true }),
    );
  });

  it("shows the WhatsApp text to paste", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    const { user } = await renderApp(fake);
    await openFirst(user);
    await user.click(await screen.findByTestId("export-whatsapp"));
    const text = await screen.findByTestId<HTMLTextAreaElement>("whatsapp-text");
    expect(text.value).toContain("*Konfirmasi Jadwal Konsultasi DJPK*");
    expect(text.value).toContain("Senin, 7 Desember 2026 09.00 WIB");
  });
});

describe("Pengaturan: Surat & undangan", () => {
  it("refuses a numbering pattern without {seq} beside the field, then saves a good one", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await user.click(screen.getByTestId("open-settings"));
    await user.click(await screen.findByTestId("settings-tab-letters"));
    const pattern = await screen.findByTestId<HTMLInputElement>("setting-number-pattern");
    expect(pattern.value).toBe("S-{seq}/PK.1/{year}");

    await user.clear(pattern);
    await user.type(pattern, "S/PK.1/{{year}");
    await user.click(byTestId("save-export-settings"));
    expect((await screen.findByTestId("number-pattern-error")).textContent).toContain("{seq}");
    expect(fake.exportSettingsData.number_pattern).toBe("S-{seq}/PK.1/{year}");

    await user.clear(pattern);
    await user.type(pattern, "S-{{seq}/PK.1/{{roman_month}/{{year}");
    await user.click(byTestId("save-export-settings"));
    await screen.findByTestId("export-settings-saved");
    expect(fake.exportSettingsData.number_pattern).toBe("S-{seq}/PK.1/{roman_month}/{year}");
    expect(fake.callsTo("saveExportSettings").at(-1)?.[0]).toMatchObject({
      letterhead: ["KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN"],
      signatory_nip: null,
    });
  });
});
