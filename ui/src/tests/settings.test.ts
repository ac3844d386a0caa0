import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { HolidayInput, PolicyInput, SessionOverrideInput } from "../lib/api/types";
import { todayInOffice } from "../lib/format";
import { FakeBackend, defaultSettings } from "./fakeBackend";
import { byTestId, fieldError, renderApp } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const YEAR = Number(todayInOffice().slice(0, 4));

async function openSettings(user: User, tab?: "holidays" | "overrides" | "rooms" | "users") {
  await user.click(screen.getByTestId("open-settings"));
  await screen.findByTestId("settings");
  if (tab) await user.click(byTestId(`settings-tab-${tab}`));
}

describe("Pengaturan: Kebijakan", () => {
  it("saves a new policy version with the edited number, keeping the others", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openSettings(user);

    const cap = await screen.findByTestId<HTMLInputElement>("policy-guest_cap_in_person");
    expect(cap.value).toBe("5");
    expect(screen.getByTestId("settings-tab-policy").getAttribute("aria-selected")).toBe("true");
    // Each number shows its shipped default, marked as an assumption.
    const hint = document.getElementById(cap.getAttribute("aria-describedby")!.split(" ")[0]!)!;
    expect(hint.textContent).toBe("bawaan: 5 (asumsi)");
    expect(screen.getByText(/asumsi kerja, belum ditetapkan dalam surat/)).toBeTruthy();
    expect(screen.getByText(/versi sebelumnya tetap disimpan/)).toBeTruthy();
    expect(screen.getByTestId("policy-in-force").textContent).toContain("1 Jan 2023");

    await user.clear(cap);
    await user.type(cap, "8");
    await user.clear(byTestId("policy-effective-from"));
    await user.type(byTestId("policy-effective-from"), "01/01/2027");
    await user.type(byTestId("policy-note"), "ND-12/PK/2026");
    // Friday gets an afternoon session.
    await user.click(byTestId("policy-window-add-4"));
    await user.type(byTestId("policy-window-end-4-1"), "17:00");
    await user.click(byTestId("policy-save"));

    await waitFor(() => expect(fake.callsTo("setPolicy")).toHaveLength(1));
    const expected = defaultSettings();
    expected.guest_cap_in_person = 8;
    expected.weekly_windows[4] = [
      { start: "08:00", end: "16:00" },
      { start: "16:00", end: "17:00" },
    ];
    expect(fake.callsTo("setPolicy")[0]).toEqual([
      { effective_from: "2027-01-01", settings: expected, note: "ND-12/PK/2026" } satisfies PolicyInput,
    ]);
    expect((await screen.findByTestId("policy-saved")).textContent).toContain("1 Jan 2027");
    await waitFor(() => expect(screen.getAllByTestId("policy-version")).toHaveLength(2));
    expect(screen.getAllByTestId("policy-version")[0]!.textContent).toContain("Akan berlaku");
  });

  it("shows the core's field errors beside the fields, including a session window", async () => {
    const fake = new FakeBackend();
    fake.failNext(
      "setPolicy",
      new ApiError("validation", "Kebijakan belum dapat disimpan.", {
        fields: [
          { field: "weekly_windows[0][0].end", message: "Jam selesai layanan Senin harus setelah jam mulai" },
          { field: "guest_cap_video", message: "Batas peserta video conference harus 1 sampai 500, bukan 900" },
          { field: "settings", message: "Isian tidak dikenal" },
        ],
      }),
    );
    const { user } = await renderApp(fake);
    await openSettings(user);
    const end = await screen.findByTestId<HTMLInputElement>("policy-window-end-0-0");
    await user.clear(end);
    await user.type(end, "07:00");
    await user.click(byTestId("policy-save"));

    const error = await waitFor(() => {
      const el = fieldError("weekly_windows[0][0].end");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(error.textContent).toBe("Jam selesai layanan Senin harus setelah jam mulai");
    expect(end.getAttribute("aria-invalid")).toBe("true");
    expect(end.getAttribute("aria-describedby")?.split(" ")).toContain(error.id);
    // Beside it: in the same window row as the input.
    expect(error.closest(".window")?.contains(end)).toBe(true);
    expect(document.activeElement).toBe(byTestId("policy-guest_cap_video"));

    const capError = fieldError("guest_cap_video")!;
    expect(capError.parentElement!.contains(byTestId("policy-guest_cap_video"))).toBe(true);
    // A path with no field on screen lands in the banner.
    expect(within(byTestId("policy-error")).getByText("Isian tidak dikenal").dataset.field).toBe("settings");

    await user.clear(end);
    expect(fieldError("weekly_windows[0][0].end")).toBeNull();
  });

  it("does not send a number the contract cannot carry", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openSettings(user);
    await user.clear(await screen.findByTestId("policy-buffer_minutes"));
    await user.click(byTestId("policy-save"));
    expect(fieldError("buffer_minutes")?.textContent).toContain("bilangan bulat");
    expect(fake.callsTo("setPolicy")).toHaveLength(0);
  });

  it("keeps unsaved edits when switching tabs", async () => {
    const { user } = await renderApp(new FakeBackend());
    await openSettings(user);
    const cap = await screen.findByTestId<HTMLInputElement>("policy-guest_cap_video");
    await user.clear(cap);
    await user.type(cap, "30");
    await user.click(byTestId("settings-tab-rooms"));
    expect(byTestId("settings-tab-rooms").getAttribute("aria-selected")).toBe("true");
    expect(byTestId("settings-panel-policy").hidden).toBe(true);
    await user.click(byTestId("settings-tab-policy"));
    expect(byTestId("policy-guest_cap_video").value).toBe("30");
  });

  it("opens with Alt+S", async () => {
    const { user } = await renderApp(new FakeBackend());
    await screen.findByText("Belum ada permohonan");
    await user.keyboard("{Alt>}s{/Alt}");
    expect(await screen.findByTestId("settings")).toBeTruthy();
  });
});

describe("Pengaturan: Hari libur", () => {
  function withHolidays() {
    const fake = new FakeBackend();
    fake.holidays = [
      { id: 1, date: `${YEAR}-08-17`, label: `Senin, 17 Agustus ${YEAR}`, name: "Hari Kemerdekaan RI", kind: "national", source: "import" },
      { id: 2, date: `${YEAR}-12-24`, label: `Kamis, 24 Desember ${YEAR}`, name: "Cuti Bersama Natal", kind: "cuti_bersama", source: "import" },
      { id: 3, date: `${YEAR + 1}-01-01`, label: `1 Januari ${YEAR + 1}`, name: "Tahun Baru", kind: "national", source: "manual" },
    ];
    return fake;
  }

  const holidayRows = () => screen.queryAllByTestId("holiday-row");

  it("lists the current year's holidays and switches year", async () => {
    const fake = withHolidays();
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await waitFor(() => expect(holidayRows()).toHaveLength(2));
    expect(fake.callsTo("listHolidays")[0]).toEqual([YEAR]);
    expect(byTestId<HTMLSelectElement>("holiday-year").value).toBe(String(YEAR));
    const [first, second] = holidayRows();
    expect(first!.dataset.date).toBe(`${YEAR}-08-17`);
    expect(first!.textContent).toContain(`Senin, 17 Agustus ${YEAR}`);
    expect(first!.textContent).toContain("Hari Kemerdekaan RI");
    expect(first!.textContent).toContain("Libur nasional");
    expect(first!.textContent).toContain("Impor .ics");
    expect(second!.textContent).toContain("Cuti bersama");

    await user.selectOptions(byTestId("holiday-year"), String(YEAR + 1));
    await waitFor(() => expect(holidayRows().map((r) => r.dataset.date)).toEqual([`${YEAR + 1}-01-01`]));
    expect(holidayRows()[0]!.textContent).toContain("Dicatat manual");
  });

  it("adds a holiday and deletes one after confirming", async () => {
    const fake = withHolidays();
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await waitFor(() => expect(holidayRows()).toHaveLength(2));

    await user.type(byTestId("holiday-date"), `24/06/${YEAR}`);
    await user.type(byTestId("holiday-name"), "HUT Kantor");
    await user.selectOptions(byTestId("holiday-kind"), "office");
    await user.click(byTestId("holiday-add"));
    await waitFor(() => expect(holidayRows()).toHaveLength(3));
    expect(fake.callsTo("addHoliday")[0]).toEqual([
      { date: `${YEAR}-06-24`, name: "HUT Kantor", kind: "office" } satisfies HolidayInput,
    ]);
    const added = holidayRows().find((r) => r.dataset.date === `${YEAR}-06-24`)!;
    expect(added.textContent).toContain("Libur kantor");
    expect(byTestId("holiday-name").value).toBe("");

    // Hapus asks first; Batal keeps the row.
    await user.click(within(added).getByTestId("holiday-delete"));
    expect(fake.callsTo("deleteHoliday")).toHaveLength(0);
    await user.click(within(added).getByRole("button", { name: "Batal" }));
    await user.click(within(added).getByTestId("holiday-delete"));
    await user.click(within(added).getByTestId("holiday-delete-confirm"));
    await waitFor(() => expect(holidayRows()).toHaveLength(2));
    expect(fake.callsTo("deleteHoliday")).toEqual([[Number(added.dataset.id)]]);
    expect(holidayRows().some((r) => r.dataset.date === `${YEAR}-06-24`)).toBe(false);
  });

  it("shows the core's complaint beside the add form fields", async () => {
    const fake = withHolidays();
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await user.type(byTestId("holiday-date"), `24/06/${YEAR}`);
    await user.click(byTestId("holiday-add"));
    await waitFor(() => expect(fieldError("name")?.textContent).toBe("Nama hari libur wajib diisi"));
    expect(byTestId("holiday-name").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byTestId("holiday-name"));
  });

  it("imports an .ics file by sending its text, then shows the summary and problems", async () => {
    const fake = withHolidays();
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await waitFor(() => expect(holidayRows()).toHaveLength(2));

    const ics = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      `DTSTART;VALUE=DATE:${YEAR}0817`,
      "SUMMARY:Hari Kemerdekaan RI",
      "END:VEVENT",
      "BEGIN:VEVENT",
      `DTSTART;VALUE=DATE:${YEAR}0529`,
      "SUMMARY:Kenaikan Yesus Kristus",
      "END:VEVENT",
      "BEGIN:VEVENT",
      `DTSTART;VALUE=DATE:${YEAR}0530`,
      "SUMMARY:Cuti Bersama Kenaikan",
      "END:VEVENT",
      "BEGIN:VEVENT",
      `DTSTART:${YEAR}0601T090000Z`,
      "SUMMARY:Rapat",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const input = byTestId("holiday-import");
    expect(input.accept).toBe(".ics,text/calendar");
    await user.upload(input, new File([ics], "libur.ics", { type: "text/calendar" }));

    const result = await screen.findByTestId("holiday-import-result");
    expect(fake.callsTo("importHolidaysIcs")).toEqual([[ics]]);
    expect(result.textContent).toContain("2 ditambahkan, 1 sudah ada");
    expect(within(result).getByTestId("holiday-import-problems").textContent).toContain('"Rapat" bukan acara sehari penuh');
    await waitFor(() => expect(holidayRows()).toHaveLength(4));
  });

  it("shows why a file that is no calendar was refused, beside the file input", async () => {
    const fake = withHolidays();
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await user.upload(byTestId("holiday-import"), new File(["bukan kalender"], "catatan.ics", { type: "text/calendar" }));
    await waitFor(() => expect(fieldError("file")?.textContent).toBe("Berkas bukan iCalendar yang valid"));
    expect(byTestId("holiday-import").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("holiday-import-result")).toBeNull();
  });
});

describe("Pengaturan: Jam layanan khusus, ruang dan unit", () => {
  it("adds a period starting from the regular windows, and deletes one", async () => {
    const fake = new FakeBackend();
    fake.overrides = [
      {
        id: 7,
        label: "Ramadan 1447 H",
        from: "2026-02-18",
        to: "2026-03-19",
        weekly_windows: [[{ start: "08:00", end: "15:00" }], [], [], [], [], [], []],
      },
    ];
    const { user } = await renderApp(fake);
    await openSettings(user, "overrides");
    const row = await screen.findByTestId("override-row");
    expect(row.textContent).toContain("Ramadan 1447 H");
    expect(row.textContent).toContain("Senin 08.00–15.00; Selasa–Minggu tutup");

    await waitFor(() => expect(byTestId("override-window-end-0-0").value).toBe("16:00"));
    await user.type(byTestId("override-label"), "Ramadan 1448 H");
    await user.type(byTestId("override-from"), "08/02/2027");
    await user.type(byTestId("override-to"), "09/03/2027");
    for (let day = 0; day < 5; day++) {
      await user.clear(byTestId(`override-window-end-${day}-0`));
      await user.type(byTestId(`override-window-end-${day}-0`), "15:00");
    }
    await user.click(byTestId("override-window-remove-4-0"));
    await user.click(byTestId("override-add"));

    await waitFor(() => expect(screen.getAllByTestId("override-row")).toHaveLength(2));
    const week = Array.from({ length: 7 }, (_, day) => (day < 4 ? [{ start: "08:00", end: "15:00" }] : []));
    expect(fake.callsTo("addSessionOverride")[0]).toEqual([
      { label: "Ramadan 1448 H", from: "2027-02-08", to: "2027-03-09", weekly_windows: week } satisfies SessionOverrideInput,
    ]);

    await user.click(within(screen.getAllByTestId("override-row")[0]!).getByTestId("override-delete"));
    await user.click(screen.getByTestId("override-delete-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("override-row")).toHaveLength(1));
    expect(fake.callsTo("deleteSessionOverride")).toEqual([[7]]);
  });

  it("lists rooms and units read-only", async () => {
    const { user } = await renderApp(new FakeBackend());
    await openSettings(user, "rooms");
    await waitFor(() => expect(screen.getAllByTestId("room-row")).toHaveLength(3));
    const inactive = screen.getAllByTestId("room-row").find((r) => r.dataset.code === "R9")!;
    expect(inactive.textContent).toContain("Ruang Lama");
    expect(inactive.textContent).toContain("4 orang");
    expect(inactive.textContent).toContain("Tidak");
    expect(screen.getAllByTestId("unit-row").map((r) => r.dataset.code)).toEqual(["DTU", "DTK", "PKD"]);
    // Rooms and units are not edited here; only resource persons can be added.
    expect(within(screen.getByTestId("rooms-table")).queryAllByRole("textbox")).toHaveLength(0);
    expect(within(screen.getByTestId("units-table")).queryAllByRole("textbox")).toHaveLength(0);
  });
});

describe("Pengaturan: Narasumber", () => {
  it("adds a resource person to a unit and shows the refusal of an empty name", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openSettings(user, "rooms");
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(3));

    await user.click(byTestId("add-person"));
    expect((await screen.findByTestId("person-error")).textContent).toContain("Nama narasumber wajib diisi");

    await user.selectOptions(byTestId("person-unit"), "DTK");
    await user.type(byTestId("person-name"), "Dwi Rahayu");
    await user.click(byTestId("add-person"));
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(4));
    expect(fake.callsTo("saveResourcePerson").at(-1)?.[0]).toEqual({
      id: null,
      unit_code: "DTK",
      name: "Dwi Rahayu",
      position: null,
      email: null,
      active: true,
    });
    expect(byTestId("person-name").value).toBe("");
  });
});

describe("Pengaturan: Profil pengguna", () => {
  const userRows = () =>
    screen.queryAllByTestId("user-row").map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim()).join(" "));

  it("lists the profiles and lets the team leader add one with its role", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openSettings(user, "users");
    await waitFor(() => expect(userRows()).toHaveLength(3));
    expect(userRows()).toContain("Andi Agen contact center Ya");
    expect(userRows()).toContain("Lama Agen contact center Tidak");

    await user.click(byTestId("user-add"));
    await waitFor(() => expect(fieldError("name")?.textContent).toBe("Nama profil wajib diisi"));
    expect(fieldError("role")?.textContent).toBe("Pilih peran: agen contact center, sekretariat, ketua tim atau admin");

    await user.type(byTestId("user-name"), "Rina");
    await user.selectOptions(byTestId("user-role"), "agent");
    await user.click(byTestId("user-add"));
    expect((await screen.findByTestId("user-added")).textContent).toContain("Rina");
    expect(userRows()).toContain("Rina Agen contact center Ya");
    expect(fake.callsTo("createUser").at(-1)).toEqual([{ name: "Rina", role: "agent" }]);
    expect(fake.currentUserId).toBe(1); // adding a profile does not switch to it
    expect(fake.audit.at(-1)).toMatchObject({ action: "user.create", actor_name: "Sari", request_id: null });
  });

  it("shows an agent the core's refusal beside the form, and adds nobody", async () => {
    const fake = new FakeBackend({ currentUser: 2 });
    const { user } = await renderApp(fake);
    await openSettings(user, "users");
    await waitFor(() => expect(userRows()).toHaveLength(3));
    await user.type(byTestId("user-name"), "Rina");
    await user.selectOptions(byTestId("user-role"), "agent");
    await user.click(byTestId("user-add"));
    expect((await screen.findByTestId("user-add-error")).textContent).toContain(
      "Hanya Ketua tim atau Admin yang dapat menambah profil pengguna; Andi masuk sebagai agen contact center",
    );
    expect(fake.users).toHaveLength(3);
    expect(byTestId("user-name").value).toBe("Rina"); // what was typed stays
  });

  it("shows an agent the refusal of a settings change beside that form", async () => {
    const fake = new FakeBackend({ currentUser: 2 });
    const { user } = await renderApp(fake);
    await openSettings(user, "holidays");
    await user.type(await screen.findByTestId("holiday-date"), `${YEAR}-12-31`);
    await user.type(byTestId("holiday-name"), "Libur kantor");
    await user.click(byTestId("holiday-add"));
    expect(await screen.findByText(/Hanya Sekretariat atau Ketua tim yang dapat mengubah hari libur/)).toBeTruthy();
    expect(fake.holidays).toHaveLength(0);
  });
});
