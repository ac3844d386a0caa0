import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api/backend";
import { formatMonth } from "../lib/dates";
import { monthInOffice } from "../lib/format";
import { FakeBackend } from "./fakeBackend";
import { byTestId, renderApp } from "./helpers";
import { REPORT, Replay } from "./recordings";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

// The core's reports, recorded by tests/ui_fixtures.rs on 10 December 2026: in November two
// video conferences (imported) and the DPRD of Kabupaten Bogor walking in without booking or
// letter, six strong (completed), one video conference in September, a no-show in October.
function reportBackend(state = "start"): FakeBackend {
  return new FakeBackend({ replay: new Replay(REPORT, state) });
}

beforeEach(() => {
  // The screen opens on the current month: pin the clock where the reports were recorded.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(REPORT.now));
});

afterEach(() => {
  vi.useRealTimers();
});

async function showNovember(user: User, fake: FakeBackend) {
  await user.click(byTestId("nav-report"));
  // The screen opens on the current month.
  await waitFor(() => expect(fake.callsTo("monthlyReport")).toEqual([[monthInOffice()]]));
  expect(byTestId("report-month").value).toBe(formatMonth(monthInOffice()));
  await fireEvent.input(byTestId("report-month"), { target: { value: "2026-11" } });
  await user.click(byTestId("report-load"));
  await waitFor(() => expect(byTestId<HTMLElement>("report-title").textContent).toContain("November 2026"));
}

const tableRows = (testid: string) =>
  within(byTestId<HTMLElement>(testid))
    .getAllByRole("row")
    .slice(1)
    .map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim()));

describe("Laporan bulanan", () => {
  it("shows both channel tables, the six-month chart, the breakdowns and the compliance section", async () => {
    const fake = reportBackend();
    const { user } = await renderApp(fake);
    await showNovember(user, fake);
    expect(fake.callsTo("monthlyReport").at(-1)).toEqual(["2026-11"]);

    const video = byTestId<HTMLElement>("report-section-video_conference");
    expect(video.textContent).toContain(
      "Selama bulan November 2026, telah dilaksanakan Video Conference melalui aplikasi Ms. Teams sebanyak 2 kali",
    );
    expect(tableRows("report-table-video_conference")).toEqual([
      ["1", "3 November 2026", "Kab. Bogor", "DAU dan DBH (termasuk DBH TDF)"],
      ["2", "12 November 2026", "Kota Jayapura", "DAK Fisik"],
    ]);
    expect(tableRows("report-table-in_person")).toEqual([["1", "20 November 2026", "Kab. Bogor (DPRD)", "PDRD"]]);

    // Bars only where there were consultations: September's and November's.
    const chart = byTestId<HTMLElement>("report-chart-months");
    expect(chart.tagName.toLowerCase()).toBe("svg");
    const bars = within(chart).getAllByTestId("chart-bar");
    expect(bars.map((b) => [b.dataset.month, b.dataset.channel, b.dataset.count])).toEqual([
      ["2026-09", "video_conference", "1"],
      ["2026-11", "video_conference", "2"],
      ["2026-11", "in_person", "1"],
    ]);
    // Heights follow the counts: November's two video conferences are twice the height of one.
    const height = (bar: Element) => Number(bar.getAttribute("height"));
    expect(height(bars[1]!)).toBeCloseTo(2 * height(bars[0]!));
    expect(height(bars[2]!)).toBeCloseTo(height(bars[0]!));
    expect(chart.querySelectorAll("text.month")).toHaveLength(6);
    expect(chart.getAttribute("style")).toBeNull();
    expect(chart.querySelector("[style]")).toBeNull();

    const kinds = within(byTestId<HTMLElement>("report-by-kind")).getAllByTestId("bar-row");
    expect(kinds.map((k) => k.textContent?.replace(/\s+/g, " ").trim())).toEqual(["Pemerintah daerah 2", "DPRD 1"]);
    const provinces = within(byTestId<HTMLElement>("report-by-province")).getAllByTestId("bar-row");
    expect(provinces.map((p) => p.textContent?.replace(/\s+/g, " ").trim())).toEqual(["Jawa Barat 2", "Papua 1"]);

    const compliance = byTestId<HTMLElement>("report-compliance");
    expect(compliance.textContent).toContain("Selama bulan November 2026 tercatat 1 kedatangan dan 3 pelanggaran oleh 1 delegasi");
    const byKind = within(within(compliance).getByTestId("report-violation-kinds")).getAllByTestId("bar-row");
    expect(byKind).toHaveLength(6);
    expect(byKind.filter((row) => row.dataset.count !== "0").map((row) => row.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Tanpa surat permintaan 1",
      "Tamu melebihi batas 1",
      "Datang tanpa jadwal 1",
    ]);
    expect(tableRows("report-violations")).toEqual([
      ["1", "20 November 2026", "Kab. Bogor (DPRD)", "Datang tanpa jadwal", "Delegasi datang tanpa jadwal konsultasi yang ditetapkan DJPK"],
      ["2", "20 November 2026", "Kab. Bogor (DPRD)", "Tanpa surat permintaan", "Tidak ada surat permintaan konsultasi yang bernomor dan bertanggal"],
      ["3", "20 November 2026", "Kab. Bogor (DPRD)", "Tamu melebihi batas", "Hadir 6 orang (5 terdaftar, 1 tambahan); batas tatap muka 5 orang"],
    ]);
  });

  it("says so when a month has nothing to report", async () => {
    const fake = reportBackend("empty");
    const { user } = await renderApp(fake);
    await user.click(byTestId("nav-report"));
    await screen.findByTestId("report-compliance");
    expect(byTestId<HTMLElement>("report-table-video_conference").textContent).toContain("Tidak ada konsultasi video conference bulan ini.");
    expect(byTestId<HTMLElement>("report-table-in_person").textContent).toContain("Tidak ada konsultasi tatap muka bulan ini.");
    expect(within(byTestId<HTMLElement>("report-chart-months")).queryAllByTestId("chart-bar")).toEqual([]);
    expect(byTestId<HTMLElement>("report-violations").textContent).toContain("Tidak ada pelanggaran tercatat bulan ini.");
  });

  it("saves the PDF and the CSV where the dialog says", async () => {
    const fake = reportBackend();
    const { user } = await renderApp(fake);
    await showNovember(user, fake);

    await user.click(byTestId("report-download-pdf"));
    await screen.findByTestId("report-saved");
    expect(fake.callsTo("chooseSavePath")).toEqual([["laporan-konsultasi-2026-11.pdf", "pdf"]]);
    expect(fake.callsTo("saveExport")).toEqual([
      [{ kind: "monthly_report", month: "2026-11", format: "pdf" }, "/home/staf/Dokumen/berkas/laporan-konsultasi-2026-11.pdf"],
    ]);
    expect(byTestId<HTMLElement>("report-saved").textContent).toBe(
      "Tersimpan: /home/staf/Dokumen/berkas/laporan-konsultasi-2026-11.pdf",
    );

    await user.click(byTestId("report-download-csv"));
    await waitFor(() => expect(fake.callsTo("saveExport")).toHaveLength(2));
    expect(fake.callsTo("chooseSavePath").at(-1)).toEqual(["laporan-konsultasi-2026-11.csv", "csv"]);
    expect(fake.callsTo("saveExport").at(-1)?.[0]).toEqual({ kind: "monthly_report", month: "2026-11", format: "csv" });
    await waitFor(() => expect(byTestId<HTMLElement>("report-saved").textContent).toContain("laporan-konsultasi-2026-11.csv"));
  });

  it("writes nothing when the dialog is closed, and shows the core's refusal", async () => {
    const fake = reportBackend();
    const { user } = await renderApp(fake);
    await showNovember(user, fake);

    fake.savePathAnswer = null;
    await user.click(byTestId("report-download-pdf"));
    await waitFor(() => expect(fake.callsTo("chooseSavePath")).toHaveLength(1));
    expect(fake.callsTo("saveExport")).toEqual([]);
    expect(screen.queryByTestId("report-saved")).toBeNull();

    fake.savePathAnswer = "/home/staf";
    fake.failNext("saveExport", new ApiError("internal", "Berkas tidak dapat ditulis: izin ditolak"));
    await user.click(byTestId("report-download-csv"));
    expect((await screen.findByTestId("report-save-error")).textContent).toContain("Berkas tidak dapat ditulis: izin ditolak");
    expect(screen.queryByTestId("report-saved")).toBeNull();
  });

  it("shows the core's refusal of a month and keeps the screen usable", async () => {
    const fake = reportBackend();
    fake.failNext("monthlyReport", new ApiError("internal", "Basis data sedang dipakai proses lain"));
    const { user } = await renderApp(fake);
    await user.click(byTestId("nav-report"));
    expect((await screen.findByTestId("report-error")).textContent).toContain("Basis data sedang dipakai proses lain");
    await user.click(within(byTestId<HTMLElement>("report-error")).getByRole("button", { name: "Coba lagi" }));
    await screen.findByTestId("report-compliance");
    expect(screen.queryByTestId("report-error")).toBeNull();
  });

  it("imports past records from a CSV, says what it guessed, and shows the month again", async () => {
    const fake = reportBackend();
    fake.importAnswer = {
      imported: 24,
      guessed: [{ line: 7, written_as: "Kab. Sibolga", notes: ["dibaca sebagai Kota Sibolga"] }],
    };
    const { user } = await renderApp(fake);
    await showNovember(user, fake);
    const loads = fake.callsTo("monthlyReport").length;

    const csv = new File(["saluran,tanggal,pengguna_layanan,topik\nVideo Conference,2 Maret 2023,Kab. Sibolga,DAU\n"], "riwayat.csv", {
      type: "text/csv",
    });
    await user.upload(byTestId<HTMLInputElement>("report-import"), csv);

    const done = await screen.findByTestId("report-imported");
    expect(done.textContent).toContain("24 konsultasi diimpor.");
    expect(done.textContent).toContain("Baris 7 (Kab. Sibolga): dibaca sebagai Kota Sibolga");
    const [name, content] = fake.callsTo("importHistory")[0] as [string, string];
    expect(name).toBe("riwayat.csv");
    expect(content).toContain("Kab. Sibolga,DAU");
    await waitFor(() => expect(fake.callsTo("monthlyReport").length).toBe(loads + 1));
  });

  it("lists every row the core could not match when it refuses a file", async () => {
    const fake = reportBackend();
    fake.importAnswer = new ApiError("validation", "Data tidak valid", {
      fields: [
        { field: "rows[3]", message: "pengguna layanan \"Kab. Atlantis\" tidak ditemukan" },
        { field: "rows[9]", message: "topik \"Dana Bulan\" tidak dikenal" },
      ],
    });
    const { user } = await renderApp(fake);
    await showNovember(user, fake);
    const loads = fake.callsTo("monthlyReport").length;

    await user.upload(byTestId<HTMLInputElement>("report-import"), new File(["x"], "salah.csv", { type: "text/csv" }));

    const problems = await screen.findByTestId("report-import-problems");
    expect(within(problems).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      'Baris 3: pengguna layanan "Kab. Atlantis" tidak ditemukan',
      'Baris 9: topik "Dana Bulan" tidak dikenal',
    ]);
    expect(screen.queryByTestId("report-imported")).toBeNull();
    expect(fake.callsTo("monthlyReport").length).toBe(loads);
  });
});
