import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Dashboard } from "../lib/api/types";
import { FakeBackend, makeDetail, makeEntry, makeFinding, makeSummary } from "./fakeBackend";
import { byTestId, renderApp } from "./helpers";

function dashboardData(): Dashboard {
  return {
    today: "2026-11-28",
    today_entries: [
      makeEntry(7, "2026-11-28T02:00:00Z", {
        label: "Sabtu, 28 November 2026 09.00 WIB",
        requester_label: "Kabupaten Bogor",
        channel: "in_person",
        room_code: "R1",
        status: "confirmed",
      }),
    ],
    week_entries: [
      makeEntry(7, "2026-11-28T02:00:00Z", { requester_label: "Kabupaten Bogor" }),
      makeEntry(8, "2026-11-29T03:00:00Z", { requester_label: "Kota Jayapura", label: "Minggu, 29 November 2026 10.00 WIB (12.00 WIT)" }),
    ],
    awaiting_verification: [makeSummary(11, { requester_label: "Provinsi Bali" })],
    awaiting_verification_total: 1,
    awaiting_confirmation: [],
    awaiting_confirmation_total: 0,
    now_breaking: [
      {
        entry: makeEntry(12, "2026-12-25T02:00:00Z", { requester_label: "Kota Bogor", label: "Jumat, 25 Desember 2026 09.00 WIB" }),
        findings: [makeFinding("service-hours", "block", { message: "25 Desember 2026 adalah hari libur nasional" })],
      },
    ],
  };
}

function backendWithDashboard() {
  const backend = new FakeBackend({ details: [makeDetail(7), makeDetail(8), makeDetail(11), makeDetail(12)] });
  backend.dashboardData = dashboardData();
  return backend;
}

describe("Dasbor", () => {
  it("shows every section from the core's answer, with empty states", async () => {
    const backend = backendWithDashboard();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    await screen.findByTestId("dashboard-today");

    const today = byTestId<HTMLElement>("dashboard-today");
    const row = within(today).getByTestId("dashboard-entry");
    expect(row.dataset.id).toBe("7");
    expect(row.textContent).toContain("Sabtu, 28 November 2026 09.00 WIB");
    expect(row.textContent).toContain("Kabupaten Bogor");
    expect(row.textContent).toContain("Tatap muka");
    expect(row.textContent).toContain("R1 · DTU");
    expect(row.textContent).toContain("Dikonfirmasi");

    const week = byTestId<HTMLElement>("dashboard-week");
    expect(within(week).getAllByTestId("dashboard-entry").map((r) => r.dataset.id)).toEqual(["7", "8"]);
    expect(week.textContent).toContain("10.00 WIB (12.00 WIT)");

    const verification = byTestId<HTMLElement>("dashboard-verification");
    expect(within(verification).getByTestId("dashboard-request").textContent).toContain("Provinsi Bali");

    expect(byTestId<HTMLElement>("dashboard-confirmation").textContent).toContain(
      "Tidak ada jadwal yang menunggu konfirmasi Pemda.",
    );

    const breaking = byTestId<HTMLElement>("dashboard-breaking");
    const broken = within(breaking).getByTestId("dashboard-broken");
    expect(broken.dataset.id).toBe("12");
    expect(broken.textContent).toContain("Kota Bogor");
    const finding = within(broken).getByTestId("finding");
    expect(finding.dataset.rule).toBe("service-hours");
    expect(finding.textContent).toContain("25 Desember 2026 adalah hari libur nasional");
    expect(backend.callsTo("dashboard")).toHaveLength(1);
  });

  it("shows the booked time of a request awaiting confirmation, and a preference only as 'usulan'", async () => {
    const backend = backendWithDashboard();
    backend.dashboardData = {
      ...dashboardData(),
      awaiting_verification: [makeSummary(11, { first_slot_label: "Kamis, 10 Desember 2026 10.00 WIB" })],
      awaiting_verification_total: 1,
      awaiting_confirmation_total: 1,
      awaiting_confirmation: [
        makeSummary(12, {
          status: "scheduled",
          channel: "in_person",
          topics: ["DAU"],
          first_slot_label: "Kamis, 3 Desember 2026 10.00 WIB",
          booking: {
            starts_at: "2026-12-03T05:00:00Z",
            label: "Kamis, 3 Desember 2026 12.00 WIB (13.00 WITA)",
            room_code: "RK-2",
            room_name: "Ruang Konsultasi 2",
          },
        }),
      ],
    };
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));

    const confirmation = await screen.findByTestId("dashboard-confirmation");
    const row = within(confirmation).getByTestId("dashboard-request");
    expect(within(row).getByTestId("dashboard-booked").textContent).toBe("Kamis, 3 Desember 2026 12.00 WIB (13.00 WITA)");
    expect(row.textContent).not.toContain("10.00 WIB");
    expect(within(row).queryByTestId("dashboard-preference")).toBeNull();
    expect(row.textContent).toContain("Ruang Konsultasi 2 · DAU");

    const verification = byTestId<HTMLElement>("dashboard-verification");
    const preference = within(verification).getByTestId("dashboard-preference");
    expect(preference.textContent).toBe("usulan Kamis, 10 Desember 2026 10.00 WIB");
    expect(within(verification).queryByTestId("dashboard-booked")).toBeNull();
  });

  it("opens a request on click", async () => {
    const backend = backendWithDashboard();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    const week = await screen.findByTestId("dashboard-week");
    await user.click(within(week).getAllByTestId("dashboard-entry")[1]!);
    await screen.findByTestId("request-form");
    await waitFor(() => expect(backend.callsTo("getRequest")).toContainEqual([8]));
    expect(screen.queryByTestId("dashboard")).toBeNull();
  });

  it("opens a request with Enter", async () => {
    const backend = backendWithDashboard();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    const verification = await screen.findByTestId("dashboard-verification");
    within(verification).getByTestId("dashboard-request").focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("request-form");
    await waitFor(() => expect(backend.callsTo("getRequest")).toContainEqual([11]));
  });

  it("writes today's date the Indonesian way", async () => {
    const backend = backendWithDashboard();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    // 28 November 2026 is a Saturday.
    expect((await screen.findByTestId("dashboard-today-date")).textContent).toBe("Hari ini: Sabtu, 28/11/2026");
  });

  it("shows five of a long queue and links to the list filtered by its status", async () => {
    const backend = new FakeBackend({ details: [makeDetail(1, { status: "verified" })] });
    // The core sends the first five of the queue and how many wait in all.
    const waiting = Array.from({ length: 5 }, (_, i) => makeSummary(10_000 + i, { status: "submitted" }));
    backend.dashboardData = { ...dashboardData(), awaiting_verification: waiting, awaiting_verification_total: 5002 };
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));

    const card = await screen.findByTestId("dashboard-verification");
    expect(within(card).getAllByTestId("dashboard-request")).toHaveLength(5);
    expect(within(card).getByRole("heading").textContent).toBe("Menunggu verifikasi (5.002)");
    const all = within(card).getByTestId("dashboard-verification-all");
    expect(all.textContent).toBe("Lihat semua (5.002)");
    // A short queue has no link.
    expect(within(byTestId("dashboard-today")).queryByRole("button", { name: /Lihat semua/ })).toBeNull();

    await user.click(all);
    await screen.findByTestId("request-count");
    expect(byTestId<HTMLSelectElement>("filter-status").value).toBe("submitted");
    await waitFor(() => expect(backend.callsTo("listRequests").at(-1)?.[0]).toMatchObject({ status: "submitted" }));
  });

  it("isolates a requester name written right to left", async () => {
    const backend = backendWithDashboard();
    const name = "Kota \u202Eirogob\u202C";
    backend.dashboardData = { ...dashboardData(), awaiting_verification: [makeSummary(11, { requester_label: name })] };
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    const card = await screen.findByTestId("dashboard-verification");
    const shown = within(card).getByText(name);
    expect(shown.tagName).toBe("BDI");
  });

  it("says so when the queues are empty", async () => {
    const backend = new FakeBackend();
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    expect((await screen.findByTestId("dashboard-today")).textContent).toContain("Tidak ada konsultasi hari ini.");
    expect(byTestId<HTMLElement>("dashboard-week").textContent).toContain("Tidak ada konsultasi minggu ini.");
    expect(byTestId<HTMLElement>("dashboard-verification").textContent).toContain("Tidak ada permohonan yang menunggu verifikasi.");
    expect(byTestId<HTMLElement>("dashboard-breaking").textContent).toContain("Tidak ada jadwal yang melanggar aturan.");
  });

  it("shows a load error with a retry", async () => {
    const backend = new FakeBackend();
    backend.failNext("dashboard", new Error("boom"));
    const { user } = await renderApp(backend);
    await user.click(byTestId("open-dashboard"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Dasbor tidak dapat dimuat");
    await user.click(within(alert).getByRole("button", { name: "Coba lagi" }));
    await screen.findByTestId("dashboard-today");
  });
});
