import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend, makeDetail, makeSummary } from "./fakeBackend";
import { byTestId, renderApp, rowIds, rows, waitForRows } from "./helpers";

const columnHeader = (key: string) => byTestId<HTMLButtonElement>(`sort-${key}`).closest("[role='columnheader']")!;

function threeRequests() {
  return new FakeBackend({
    summaries: [
      makeSummary(1, { requester_label: "Kota Bogor", planned_guest_count: 5, status: "completed", channel: "in_person" }),
      makeSummary(2, { requester_label: "Kabupaten Aceh Besar", planned_guest_count: 1, status: "draft" }),
      makeSummary(3, {
        requester_label: "Provinsi Papua",
        zone: "WIT",
        planned_guest_count: 12,
        status: "scheduled",
        first_slot_label: "Kamis, 3 Desember 2026 09.00 WIB (11.00 WIT)",
        booking: {
          starts_at: "2026-12-04T03:00:00Z",
          label: "Jumat, 4 Desember 2026 10.00 WIB (12.00 WIT)",
          room_code: null,
          room_name: null,
        },
        topics: ["DAU", "DAK"],
      }),
    ],
  });
}

describe("Daftar permohonan", () => {
  it("renders the rows the back end returns, with Indonesian labels", async () => {
    const fake = threeRequests();
    await renderApp(fake);

    await waitForRows(3);
    expect(rowIds()).toEqual([3, 2, 1]); // newest first by default
    expect(fake.callsTo("listRequests")[0]).toEqual([{ status: null, channel: null, region_code: null, text: null, unit_code: null, from: null, to: null }]);

    const papua = rows()[0]!;
    const cells = within(papua).getAllByRole("gridcell").map((cell) => cell.textContent?.trim());
    expect(cells[0]).toBe("3");
    expect(cells[2]).toBe("Video conference");
    expect(cells[3]).toContain("Provinsi Papua");
    expect(cells[3]).toContain("WIT");
    expect(cells[4]).toBe("Dana Alokasi Umum, Dana Alokasi Khusus"); // codes shown by name once topics load
    expect(cells[5]).toBe("Jumat, 4 Desember 2026 10.00 WIB (12.00 WIT)"); // the booking, not the preference
    expect(cells[6]).toBe("12");
    expect(cells[7]).toBe("Dijadwalkan");
    expect(within(rows()[2]!).getByText("Tatap muka")).toBeTruthy();
    expect(within(rows()[2]!).getByText("Selesai")).toBeTruthy();
  });

  it("shows the booked time once booked and tags a preference as 'usulan'", async () => {
    const fake = new FakeBackend({
      summaries: [
        makeSummary(1, {
          status: "scheduled",
          channel: "in_person",
          first_slot_label: "Senin, 14 Desember 2026 09.00 WIB",
          booking: {
            starts_at: "2026-12-04T02:00:00Z",
            label: "Jumat, 4 Desember 2026 09.00 WIB (10.00 WITA)",
            room_code: "RK-1",
            room_name: "Ruang Konsultasi 1",
          },
        }),
        makeSummary(2, { first_slot_label: "Selasa, 8 Desember 2026 13.30 WIB" }),
        makeSummary(3, { first_slot: null, first_slot_label: null }),
      ],
    });
    await renderApp(fake);
    await waitForRows(3);
    expect(columnHeader("schedule").textContent).toContain("Jadwal");
    expect(columnHeader("schedule").textContent).not.toContain("usulan");
    const slotCell = (id: number) => within(rows().find((r) => r.dataset.id === String(id))!).getAllByRole("gridcell")[5]!;

    const booked = slotCell(1);
    expect(within(booked).getByTestId("row-slot").textContent).toBe("Jumat, 4 Desember 2026 09.00 WIB (10.00 WITA)");
    expect(booked.textContent).not.toContain("14 Desember");
    expect(within(booked).queryByTestId("row-slot-preference")).toBeNull();
    expect(booked.title).toBe("Terjadwal: Jumat, 4 Desember 2026 09.00 WIB (10.00 WITA) · Ruang Konsultasi 1");

    const preferred = slotCell(2);
    expect(within(preferred).getByTestId("row-slot-preference").textContent).toBe("usulan");
    expect(within(preferred).getByTestId("row-slot").textContent).toBe("Selasa, 8 Desember 2026 13.30 WIB");
    expect(preferred.title).toBe("Usulan Pemda, belum dijadwalkan: Selasa, 8 Desember 2026 13.30 WIB");

    expect(slotCell(3).textContent?.trim()).toBe("—");
  });

  it("shows the received date under 'Diterima', with the entry instant as 'dicatat'", async () => {
    const fake = new FakeBackend({
      summaries: [makeSummary(1, { received_on: "2026-11-20", created_at: "2026-11-28T03:00:00Z" })],
    });
    await renderApp(fake);
    await waitForRows(1);
    const cell = within(rows()[0]!).getAllByRole("gridcell")[1]!;
    expect(within(cell).getByTestId("row-received").textContent).toBe("20 Nov 2026");
    expect(cell.title).toContain("Diterima 20 Nov 2026");
    expect(cell.title).toContain("dicatat Sabtu, 28 November 2026");
    expect(columnHeader("received_on").textContent).toContain("Diterima");
  });

  it("sorts by a column in both directions and reports it through aria-sort", async () => {
    const { user } = await renderApp(threeRequests());
    await waitForRows(3);
    expect(columnHeader("id").getAttribute("aria-sort")).toBe("descending");

    await user.click(byTestId("sort-requester"));
    expect(rowIds()).toEqual([2, 1, 3]); // Aceh, Bogor, Papua
    expect(columnHeader("requester").getAttribute("aria-sort")).toBe("ascending");
    expect(columnHeader("id").getAttribute("aria-sort")).toBe("none");

    await user.click(byTestId("sort-requester"));
    expect(rowIds()).toEqual([3, 1, 2]);
    expect(columnHeader("requester").getAttribute("aria-sort")).toBe("descending");

    await user.click(byTestId("sort-guests"));
    expect(rowIds()).toEqual([2, 1, 3]); // 1, 5, 12 guests
    await user.click(byTestId("sort-guests"));
    expect(rowIds()).toEqual([3, 1, 2]);

    await user.click(byTestId("sort-status"));
    expect(rowIds()).toEqual([2, 3, 1]); // workflow order: draft, scheduled, completed
  });

  it("sends the search text (debounced), status and channel to listRequests", async () => {
    const fake = threeRequests();
    const { user } = await renderApp(fake);
    await waitForRows(3);
    const before = fake.callsTo("listRequests").length;

    await user.type(byTestId("filter-text"), "bogor");
    await waitForRows(1);
    const textCalls = fake.callsTo("listRequests").slice(before);
    expect(textCalls).toEqual([[{ status: null, channel: null, region_code: null, text: "bogor", unit_code: null, from: null, to: null }]]);
    expect(rowIds()).toEqual([1]);

    await user.selectOptions(byTestId("filter-status"), "completed");
    await waitFor(() =>
      expect(fake.callsTo("listRequests").at(-1)).toEqual([
        { status: "completed", channel: null, region_code: null, text: "bogor", unit_code: null, from: null, to: null },
      ]),
    );

    await user.selectOptions(byTestId("filter-channel"), "video_conference");
    await waitFor(() =>
      expect(fake.callsTo("listRequests").at(-1)).toEqual([
        { status: "completed", channel: "video_conference", region_code: null, text: "bogor", unit_code: null, from: null, to: null },
      ]),
    );
    await screen.findByText("Tidak ada permohonan yang cocok");
    expect(screen.getByTestId("request-count").textContent).toBe("0 permohonan");

    // The toolbar and the empty state both offer it.
    await user.click(screen.getAllByRole("button", { name: "Hapus filter" })[0]!);
    await waitForRows(3);
    expect(fake.callsTo("listRequests").at(-1)).toEqual([{ status: null, channel: null, region_code: null, text: null, unit_code: null, from: null, to: null }]);
  });

  it("sends the unit and the consultation date range, and clears them", async () => {
    const fake = threeRequests();
    const { user } = await renderApp(fake);
    await waitForRows(3);

    await waitFor(() => expect(within(byTestId("filter-unit")).getByText("Dit. DTU")).toBeTruthy());
    await user.selectOptions(byTestId("filter-unit"), "DTU");
    await waitFor(() => expect(fake.callsTo("listRequests").at(-1)?.[0]).toMatchObject({ unit_code: "DTU" }));

    await user.type(byTestId<HTMLInputElement>("filter-from"), "01122026");
    await user.type(byTestId<HTMLInputElement>("filter-to"), "31/12/2026");
    await waitFor(() =>
      expect(fake.callsTo("listRequests").at(-1)).toEqual([
        { status: null, channel: null, region_code: null, text: null, unit_code: "DTU", from: "2026-12-01", to: "2026-12-31" },
      ]),
    );

    await user.click(screen.getAllByRole("button", { name: "Hapus filter" })[0]!);
    await waitFor(() =>
      expect(fake.callsTo("listRequests").at(-1)).toEqual([
        { status: null, channel: null, region_code: null, text: null, unit_code: null, from: null, to: null },
      ]),
    );
    expect(byTestId<HTMLInputElement>("filter-from").value).toBe("");
  });

  it("shows the empty state when there are no requests yet", async () => {
    const empty = new FakeBackend();
    await renderApp(empty);
    await screen.findByText("Belum ada permohonan");
    expect(screen.getByTestId("request-count").textContent).toBe("0 permohonan");
  });

  it("shows a load failure with a retry", async () => {
    const fake = threeRequests();
    fake.failNext("listRequests", { code: "internal", message: "Basis data tidak dapat dibuka.", details: { fields: [] } });
    const { user } = await renderApp(fake);
    await screen.findByText("Daftar permohonan gagal dimuat");
    expect(screen.getByText("Basis data tidak dapat dibuka.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Coba lagi" }));
    await waitForRows(3);
  });

  it("renders only a window of rows out of 5,000 and moves it on scroll", async () => {
    const summaries = Array.from({ length: 5000 }, (_, i) => makeSummary(i + 1));
    await renderApp(new FakeBackend({ summaries }));
    await waitForRows(5000);
    expect(screen.getByTestId("request-count").textContent).toBe("5.000 permohonan");

    const rendered = rows().length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
    expect(rowIds()[0]).toBe(5000);

    const grid = byTestId<HTMLElement>("request-list");
    expect(grid.getAttribute("aria-rowcount")).toBe("5001");
    grid.scrollTop = 36 * 2500;
    await fireEvent.scroll(grid);
    const ids = rowIds();
    expect(ids).toContain(2500); // row index 2500 → id 2500 in descending order
    expect(ids).not.toContain(5000);
    expect(rows().length).toBeLessThan(80);
  });

  it("moves the selection with the arrow keys and opens the row with Enter", async () => {
    const fake = threeRequests();
    fake.details.set(2, makeDetail(2, { requester: { kind: "regional_government", region_code: "11.06", label: "Kabupaten Aceh Besar", province_name: "Aceh", zone: "WIB" } }));
    const { user } = await renderApp(fake);
    await waitForRows(3);

    const grid = byTestId<HTMLElement>("request-list");
    grid.focus();
    await user.keyboard("{ArrowDown}");
    expect(rows()[0]!.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowDown}");
    expect(rows()[1]!.getAttribute("aria-selected")).toBe("true");
    expect(rows()[0]!.getAttribute("aria-selected")).toBe("false");
    expect(grid.getAttribute("aria-activedescendant")).toBe(rows()[1]!.id);
    await user.keyboard("{ArrowUp}{ArrowDown}");

    await user.keyboard("{Enter}");
    await screen.findByTestId("request-form");
    expect(fake.callsTo("getRequest")).toEqual([[2]]);
    await waitFor(() => expect(byTestId("requester-search").value).toBe("Kabupaten Aceh Besar"));
  });

  it("selects a row on click and opens it on double click", async () => {
    const fake = threeRequests();
    fake.details.set(1, makeDetail(1));
    const { user } = await renderApp(fake);
    await waitForRows(3);

    const cell = () => within(rows()[2]!).getAllByRole("gridcell")[3]!;
    await user.click(cell());
    expect(rows()[2]!.getAttribute("aria-selected")).toBe("true");
    expect(screen.queryByTestId("request-form")).toBeNull();

    await user.dblClick(cell());
    await screen.findByTestId("request-form");
    expect(fake.callsTo("getRequest")).toEqual([[1]]);
  });
});
