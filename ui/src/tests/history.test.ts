import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { CheckInView } from "../lib/api/types";
import { FakeBackend, makeDetail, makeHeld, makeViolation } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

/** Kabupaten Bogor (32.01): two requests, two visits, three violations (one a no-show); Kota Bogor clean. */
function historyBackend(): FakeBackend {
  const fake = new FakeBackend({
    details: [
      makeDetail(7, { status: "completed", channel: "in_person" }),
      makeDetail(9, {
        status: "no_show",
        requester: { kind: "regional_council", region_code: "32.01", label: "DPRD Kabupaten Bogor", province_name: "Jawa Barat", zone: "WIB" },
      }),
    ],
  });
  fake.violations = [
    makeViolation(1, "over_guest_cap", {
      request_id: 7,
      occurred_on: "2026-10-05",
      occurred_label: "Senin, 5 Oktober 2026",
      evidence: "Hadir 7 orang (4 terdaftar, 3 tambahan); batas tatap muka 5 orang",
    }),
    makeViolation(2, "no_show", {
      request_id: 9,
      occurred_on: "2026-11-02",
      occurred_label: "Senin, 2 November 2026",
      requester_label: "DPRD Kab. Bogor",
      evidence: "Tidak ada yang hadir pada jadwal Senin, 2 November 2026 09.00 WIB",
    }),
    makeViolation(3, "no_letter", { request_id: 7, occurred_on: "2026-10-05", evidence: "<b>tanpa</b> surat" }),
  ];
  fake.held = [
    makeHeld("2026-10-05", { channel: "in_person", request_id: 7, source: "desk", topics: "Dana Alokasi Umum" }),
    makeHeld("2023-03-02", { topics: "Pajak dan Retribusi Daerah" }),
  ];
  return fake;
}

async function pickRegion(user: User, query: string, code: string) {
  await user.click(byTestId("nav-requesters"));
  await user.type(await screen.findByTestId("history-search"), query);
  await user.click(await screen.findByTestId(`history-option-${code}`));
}

describe("Riwayat Pemda", () => {
  it("finds a region once for its Pemda and DPRD, and shows its counts, violations and visits", async () => {
    const fake = historyBackend();
    const { user } = await renderApp(fake);
    await user.click(byTestId("nav-requesters"));
    await user.type(await screen.findByTestId("history-search"), "bogor");
    // Kabupaten Bogor and its DPRD share one history: one option each for 32.01 and 32.71.
    await screen.findByTestId("history-option-32.01");
    expect(screen.getAllByTestId("history-option-32.01")).toHaveLength(1);
    expect(screen.getByTestId("history-option-32.01").textContent).toContain("Kabupaten Bogor");
    expect(screen.getAllByTestId("history-option-32.71")).toHaveLength(1);
    expect(fake.callsTo("searchRequesters")).toEqual([["bogor", 20]]);

    await user.click(screen.getByTestId("history-option-32.01"));
    await screen.findByTestId("history-counts");
    expect(fake.callsTo("complianceHistory")).toEqual([["32.01"]]);
    expect(byTestId<HTMLElement>("history-region").textContent).toBe("Kabupaten Bogor");

    const counts = [...byTestId<HTMLElement>("history-counts").querySelectorAll("div")].map((d) => [
      d.querySelector("dt")!.textContent,
      d.querySelector("dd")!.textContent,
    ]);
    expect(counts).toEqual([
      ["Permohonan", "2"],
      ["Konsultasi terlaksana", "2"],
      ["Tidak hadir", "1"],
      ["Pelanggaran", "3"],
    ]);

    // Newest first, each with its label and evidence.
    const violationRows = within(byTestId<HTMLElement>("history-violations")).getAllByTestId("history-violation");
    expect(violationRows.map((r) => r.dataset.kind)).toEqual(["no_show", "no_letter", "over_guest_cap"]);
    expect(violationRows[0]!.textContent).toContain("Tidak hadir");
    expect(violationRows[0]!.textContent).toContain("Tidak ada yang hadir pada jadwal Senin, 2 November 2026 09.00 WIB");
    expect(violationRows[0]!.textContent).toContain("DPRD Kab. Bogor");
    expect(violationRows[2]!.textContent).toContain("Tamu melebihi batas");
    expect(violationRows[2]!.textContent).toContain("Hadir 7 orang (4 terdaftar, 3 tambahan)");
    // Evidence is text, never markup.
    expect(violationRows[1]!.textContent).toContain("<b>tanpa</b> surat");
    expect(violationRows[1]!.querySelector("b")).toBeNull();

    const visits = within(byTestId<HTMLElement>("history-visits")).getAllByTestId("history-visit");
    expect(visits).toHaveLength(2);
    expect(visits[0]!.textContent).toContain("5 Oktober 2026");
    expect(visits[0]!.textContent).toContain("Tatap muka");
    expect(visits[0]!.textContent).toContain("Meja layanan");
    expect(visits[1]!.textContent).toContain("Pajak dan Retribusi Daerah");
    expect(visits[1]!.textContent).toContain("Impor");
    expect(within(visits[1]!).queryByRole("button")).toBeNull();
  });

  it("opens the request a violation belongs to", async () => {
    const fake = historyBackend();
    const { user } = await renderApp(fake);
    await pickRegion(user, "kabupaten", "32.01");
    const table = await screen.findByTestId("history-violations");
    await user.click(within(table).getAllByTestId("history-open-9")[0]!);
    await screen.findByTestId("request-form");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Permohonan #9");
  });

  it("says so when a region has no record yet", async () => {
    const fake = historyBackend();
    const { user } = await renderApp(fake);
    await pickRegion(user, "kota bogor", "32.71");
    await screen.findByTestId("history-counts");
    expect(byTestId<HTMLElement>("history-violations").textContent).toContain("Belum ada pelanggaran tercatat.");
    expect(byTestId<HTMLElement>("history-visits").textContent).toContain("Belum ada konsultasi tercatat.");
    expect(byTestId<HTMLElement>("history-counts").textContent).toContain("Pelanggaran0");
  });
});

describe("Riwayat kepatuhan on the request form", () => {
  const CHECK_IN: CheckInView = {
    id: 1,
    request_id: 7,
    channel: "in_person",
    voided: null,
    arrived_at: "2026-10-05T02:12:00Z",
    arrived_label: "09.12 WIB",
    walk_in: false,
    regional_head_present: false,
    attendees: [
      { name: "Ajat Rochmat", position: "Sekretaris Daerah", institution: "Pemkab Bogor", extra: false, is_regional_head: false },
      { name: "Rahmat Hidayat", position: "Staf Ahli", institution: "Bappeda", extra: true, is_regional_head: false },
    ],
    violations: [],
    recorded_by: "Sari",
    note: null,
  };

  async function openRequest(user: User, fake: FakeBackend, id: number) {
    await waitForRows(fake.size);
    await user.dblClick(rows().find((row) => row.dataset.id === String(id))!);
    await screen.findByTestId("request-form");
    return screen.findByTestId("compliance-panel");
  }

  it("shows the requester's record and this request's attendance", async () => {
    const fake = historyBackend();
    fake.checkIns.set(7, { ...CHECK_IN, violations: fake.violations.filter((v) => v.request_id === 7) });
    const { user } = await renderApp(fake);
    const panel = await openRequest(user, fake, 7);

    await waitFor(() => expect(within(panel).getByTestId("compliance-counts").textContent).toBe("2 kunjungan · 3 pelanggaran · 1 tidak hadir"));
    expect(fake.callsTo("complianceHistory")).toEqual([["32.01"]]);
    expect(fake.callsTo("checkInOf")).toEqual([[7]]);
    const recent = within(within(panel).getByTestId("compliance-violations")).getAllByTestId(/^violation-/);
    expect(recent.map((v) => v.dataset.testid)).toEqual(["violation-no_show", "violation-no_letter", "violation-over_guest_cap"]);
    expect(recent[0]!.textContent).toContain("Senin, 2 November 2026");

    await within(panel).findByTestId("compliance-check-in-attendees");
    expect(panel.textContent).toContain("09.12 WIB");
    expect(within(panel).getByTestId("compliance-check-in-attendees").textContent).toContain("Rahmat Hidayat");
    expect(within(panel).getByTestId("compliance-check-in-attendees").textContent).toContain("tambahan");
    const own = within(panel).getByTestId("compliance-check-in-violations");
    expect(within(own).getAllByTestId(/^violation-/).map((v) => v.dataset.testid)).toEqual([
      "violation-over_guest_cap",
      "violation-no_letter",
    ]);
  });

  it("shows the last five violations only, and asks for no check-in before the visit", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7, { status: "submitted" })] });
    fake.violations = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      makeViolation(n, "not_confirmed", { request_id: 7, occurred_on: `2026-0${n}-01`, evidence: `Kedatangan ${n}` }),
    );
    const { user } = await renderApp(fake);
    const panel = await openRequest(user, fake, 7);
    const list = await within(panel).findByTestId("compliance-violations");
    expect(within(list).getAllByTestId("violation-not_confirmed").map((v) => v.textContent?.match(/Kedatangan \d/)?.[0])).toEqual([
      "Kedatangan 7",
      "Kedatangan 6",
      "Kedatangan 5",
      "Kedatangan 4",
      "Kedatangan 3",
    ]);
    expect(panel.textContent).toContain("5 pelanggaran terakhir dari 7.");
    expect(fake.callsTo("checkInOf")).toEqual([]);
  });

  it("is absent for a requester without a region", async () => {
    const fake = new FakeBackend({
      details: [
        makeDetail(7, { requester: { kind: "academic", region_code: null, label: "Universitas Indonesia", province_name: null, zone: "WIB" } }),
      ],
    });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("history");
    expect(screen.queryByTestId("compliance-panel")).toBeNull();
    expect(fake.callsTo("complianceHistory")).toEqual([]);
  });

  it("shows the picked region's record while a new request is registered", async () => {
    const fake = historyBackend();
    const { user } = await renderApp(fake);
    await user.click(screen.getByTestId("new-request"));
    await screen.findByTestId("request-form");
    expect(screen.queryByTestId("compliance-panel")).toBeNull();

    await user.type(byTestId("requester-search"), "kabupaten bogor");
    await waitFor(() => expect(screen.queryAllByTestId("requester-option").length).toBeGreaterThan(0));
    await user.click(screen.getAllByTestId("requester-option")[0]!);

    const panel = await screen.findByTestId("compliance-panel");
    await waitFor(() => expect(within(panel).getByTestId("compliance-counts").textContent).toContain("3 pelanggaran"));
    expect(fake.callsTo("complianceHistory")).toEqual([["32.01"]]);
    // Nothing to check in yet: the request does not exist.
    expect(fake.callsTo("checkInOf")).toEqual([]);
  });
});
