import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { BookingView } from "../lib/api/types";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, fieldError, renderApp, rows, waitForRows } from "./helpers";

const PLACEHOLDER = "Nama Penandatangan";
const SIGNATORY = "Dr. Adriyanto, S.E., M.A.";

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

/** A fresh desk: no profile yet, and the letter settings as the database seeds them. */
function freshDesk() {
  const fake = new FakeBackend({ currentUser: null, users: [] });
  fake.exportSettingsData.signatory_name = PLACEHOLDER;
  return fake;
}

describe("First start: the setup wizard", () => {
  it("walks the first secretariat through letterhead, signatory, organizer and rooms", async () => {
    const fake = freshDesk();
    const { user } = await renderApp(fake);
    await user.type(byTestId("profile-name"), "Rina");
    await user.click(byTestId("profile-create"));

    // Straight after the first profile: the wizard, on its first step.
    await screen.findByTestId("setup-view");
    await screen.findByTestId("setup-step-letterhead");
    expect(screen.queryByTestId("request-list")).toBeNull();
    expect(byTestId("setup-progress-signatory").textContent).toContain("!");
    expect(byTestId<HTMLTextAreaElement>("setup-letterhead").value).toContain("KEMENTERIAN KEUANGAN");
    await user.click(byTestId("setup-next"));

    // Saving the placeholder keeps the step open and says why beside the field.
    await screen.findByTestId("setup-step-signatory");
    expect(byTestId<HTMLInputElement>("setup-signatory-name").value).toBe(PLACEHOLDER);
    await user.click(byTestId("setup-next"));
    await waitFor(() => expect(fieldError("signatory_name")?.textContent).toContain("Nama penandatangan masih contoh"));
    expect(byTestId("setup-signatory-name").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byTestId("setup-signatory-name"));
    expect(screen.getByTestId("setup-step-signatory")).toBeTruthy();

    await user.clear(byTestId("setup-signatory-name"));
    await user.type(byTestId("setup-signatory-name"), SIGNATORY);
    await user.click(byTestId("setup-next"));
    await screen.findByTestId("setup-step-organizer");
    expect(fake.exportSettingsData.signatory_name).toBe(SIGNATORY);

    // A field error of the core's save lands beside its field too.
    await user.clear(byTestId("setup-organizer-email"));
    await user.type(byTestId("setup-organizer-email"), "penyelenggara@example.com");
    await user.click(byTestId("setup-next"));
    await waitFor(() => expect(fieldError("organizer_email")?.textContent).toContain("alamat contoh"));
    await user.clear(byTestId("setup-organizer-email"));
    await user.type(byTestId("setup-organizer-email"), "callcenter.djpk@kemenkeu.go.id");
    await user.click(byTestId("setup-next"));

    // Rooms are saved as they are ticked.
    await screen.findByTestId("setup-step-rooms");
    const first = fake.rooms[0]!;
    await user.click(byTestId(`setup-room-${first.code}`));
    await waitFor(() => expect(fake.callsTo("saveRoom")).toEqual([[{ ...first, active: false }]]));
    await user.click(byTestId("setup-next"));

    await screen.findByTestId("setup-complete");
    await user.click(byTestId("setup-finish"));
    await screen.findByTestId("request-list");
    await waitFor(() => expect(fake.callsTo("setupStatus").length).toBeGreaterThan(2));
    expect(screen.queryByTestId("setup-banner")).toBeNull();
  });

  it("can be left for now and resumed from the banner at the step still open", async () => {
    const fake = freshDesk();
    const { user } = await renderApp(fake);
    await user.type(byTestId("profile-name"), "Rina");
    await user.click(byTestId("profile-create"));
    await screen.findByTestId("setup-view");
    await user.click(byTestId("setup-skip"));

    await screen.findByTestId("request-list");
    const banner = await screen.findByTestId("setup-banner");
    expect(banner.textContent).toContain("Pengaturan surat belum lengkap");
    expect(banner.textContent).toContain("nama penandatangan masih contoh");
    expect(fake.callsTo("saveExportSettings")).toHaveLength(0);

    await user.click(within(banner).getByTestId("setup-banner-open"));
    await screen.findByTestId("setup-step-signatory");
  });

  it("does not come back by itself once left through the navigation", async () => {
    const fake = freshDesk();
    const { user } = await renderApp(fake);
    await user.type(byTestId("profile-name"), "Rina");
    await user.click(byTestId("profile-create"));
    await screen.findByTestId("setup-view");
    await user.click(screen.getByTitle("Kembali ke daftar permohonan"));
    await screen.findByTestId("request-list");
    await screen.findByTestId("setup-banner");
    expect(screen.queryByTestId("setup-view")).toBeNull();
  });

  it("is not offered to an agent, whose banner sends them to the secretariat", async () => {
    const fake = new FakeBackend({ currentUser: 2 });
    fake.exportSettingsData.signatory_name = PLACEHOLDER;
    await renderApp(fake);
    const banner = await screen.findByTestId("setup-banner");
    expect(banner.textContent).toContain("Minta sekretariat");
    expect(within(banner).queryByTestId("setup-banner-open")).toBeNull();
    expect(screen.queryByTestId("setup-view")).toBeNull();
  });

  it("says when the database was opened read-only, and offers no wizard", async () => {
    const fake = freshDesk();
    fake.readOnly = true;
    const { user } = await renderApp(fake);
    const banner = await screen.findByTestId("read-only-banner");
    expect(banner.textContent).toContain("Basis data dibuka hanya-baca");
    expect(banner.textContent).toContain("konsultasi.db");
    await user.type(byTestId("profile-name"), "Rina");
    await user.click(byTestId("profile-create"));
    await screen.findByTestId("request-list");
    expect(screen.queryByTestId("setup-view")).toBeNull();
  });
});

describe("A letter refused for a placeholder", () => {
  it("says why beside the letter buttons and links to Pengaturan › Surat & undangan", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "scheduled", booking: BOOKING })] });
    fake.exportSettingsData.signatory_name = PLACEHOLDER;
    const { user } = await renderApp(fake);
    // Sari left the wizard for now: the list, with its banner.
    await user.click(await screen.findByTestId("setup-skip"));
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");

    const note = await screen.findByTestId("export-setup-note");
    expect(note.textContent).toBe(
      "Surat belum dapat dibuat: nama penandatangan masih contoh. Isi di Pengaturan → Surat & undangan.",
    );
    await user.click(byTestId("export-confirmation"));
    await waitFor(() => expect(byTestId("export-error").textContent).toContain("nama penandatangan masih contoh"));
    expect(screen.queryByTestId("export-saved")).toBeNull();

    await user.click(byTestId("export-open-settings"));
    await screen.findByTestId("export-settings");
    expect(byTestId("settings-tab-letters").getAttribute("aria-selected")).toBe("true");
    // The placeholder is named beside its field there too.
    await waitFor(() =>
      expect(byTestId("setting-signatory-name-error").textContent).toContain("Nama penandatangan masih contoh"),
    );
  });
});

describe("Enter on the profile role", () => {
  it("submits the first profile's form instead of opening the dropdown", async () => {
    const fake = new FakeBackend({ currentUser: null, users: [] });
    const { user } = await renderApp(fake);
    await user.type(byTestId("profile-name"), "Rina");
    byTestId("profile-role").focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("current-user");
    expect(fake.callsTo("createUser")).toEqual([[{ name: "Rina", role: "team_leader" }]]);
  });

  it("submits the form in Pengaturan › Profil pengguna", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await user.click(byTestId("open-settings"));
    await user.click(await screen.findByTestId("settings-tab-users"));
    await user.type(await screen.findByTestId("user-name"), "Budi");
    await user.selectOptions(byTestId("user-role"), "agent");
    byTestId("user-role").focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("user-added");
    expect(fake.callsTo("createUser")).toEqual([[{ name: "Budi", role: "agent" }]]);
    // Alt+↓ is still the dropdown's, and submits nothing.
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(fake.callsTo("createUser")).toHaveLength(1);
  });
});
