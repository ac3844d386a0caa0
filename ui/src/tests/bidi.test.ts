import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { eventText } from "../lib/calendarText";
import { todayInOffice } from "../lib/format";
import { FakeBackend, makeDetail, makeEntry } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

// A right-to-left override in a name would otherwise reverse what follows it ("#12 …", the zone).
const RLO_NAME = "Kota \u202Eirogob\u202C";
const GUEST = "Budi \u202Eotnaws\u202C";

const isolated = (element: HTMLElement) => element.closest("bdi") !== null;

describe("bidirectional isolation of user text", () => {
  it("isolates a requester name in the request list", async () => {
    const fake = new FakeBackend({
      details: [
        makeDetail(12, {
          requester: { kind: "other", region_code: null, label: RLO_NAME, province_name: null, zone: "WIB" },
          contact: { name: GUEST, whatsapp: "081234567890", email: null },
        }),
      ],
    });
    await renderApp(fake);
    await waitForRows(1);
    const name = within(rows()[0]!).getByText(RLO_NAME);
    expect(isolated(name)).toBe(true);
    // The isolate holds the name alone, not the zone or the id around it.
    expect(name.textContent).toBe(RLO_NAME);
  });

  it("isolates guest names and the contact on an arrival card", async () => {
    // 10.00–11.00 WIB on the office's today, the day the screen opens on.
    const today = todayInOffice();
    const fake = new FakeBackend({
      details: [
        makeDetail(7, {
          status: "confirmed",
          channel: "in_person",
          requester: { kind: "other", region_code: null, label: RLO_NAME, province_name: null, zone: "WIB" },
          contact: { name: GUEST, whatsapp: "081234567890", email: null },
          guests: [{ name: GUEST, position: "Kepala \u202EBadan", institution: "BPKAD", contact: null, is_regional_head: false }],
          booking: {
            id: 40,
            channel: "in_person",
            starts_at: `${today}T03:00:00Z`,
            ends_at: `${today}T04:00:00Z`,
            label: "hari ini",
            room_code: "R1",
            meeting_url: null,
            unit_code: "DTU",
            ical_uid: "permohonan-7@test",
            resource_person_ids: [],
            sequence: 0,
          },
        }),
      ],
    });
    const { user } = await renderApp(fake);
    await user.click(byTestId("nav-arrivals"));
    const card = await screen.findByTestId("arrival-7");
    // The contact and the guest share the name here: both places are isolated.
    expect(within(card).getAllByText(GUEST)).toHaveLength(2);
    expect(within(card).getAllByText(GUEST).every(isolated)).toBe(true);
    expect(isolated(within(card).getByText("Kepala \u202EBadan"))).toBe(true);
    expect(isolated(within(card).getByText(RLO_NAME))).toBe(true);
  });

  it("isolates the name in a calendar event's plain-text title", () => {
    const { title } = eventText(makeEntry(8, "2026-12-07T02:00:00Z", { requester_label: RLO_NAME, label: "Senin, 7 Desember 2026 09.00 WIB" }));
    expect(title).toBe(`#8 \u2068${RLO_NAME}\u2069 — Dijadwalkan`);
  });
});

describe("the requester's local time", () => {
  const LABEL = "Kamis, 3 Desember 2026 09.00 WIB (10.00 WITA)";

  it("is the core's label, shown whole in the list, the form and the calendar", async () => {
    const fake = new FakeBackend({
      details: [
        makeDetail(5, {
          requester: { kind: "regional_government", region_code: "51", label: "Provinsi Bali", province_name: "Bali", zone: "WITA" },
          preferred_slots: [{ starts_at: "2026-12-03T02:00:00Z", date: "2026-12-03", time: "09:00", label: LABEL }],
        }),
      ],
    });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    expect(within(rows()[0]!).getByTestId("row-slot").textContent).toBe(LABEL);

    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");
    await waitFor(() => expect(byTestId<HTMLElement>("slot-local-0").textContent).toBe(LABEL));
    // Changed and not yet saved, the core has not said the local time: the UI does not guess it.
    await user.clear(byTestId("slot-time-0"));
    await user.type(byTestId("slot-time-0"), "1000");
    expect(byTestId<HTMLElement>("slot-local-0").textContent).toBe("Waktu WITA tampil setelah disimpan.");
    expect(byTestId<HTMLElement>("slot-local-0").textContent).not.toContain("11.00");

    const event = eventText(makeEntry(5, "2026-12-03T02:00:00Z", { label: LABEL, local_time: "10.00 WITA" }));
    expect(event.title).toContain("10.00 WITA");
    expect(event.title).not.toContain("Desember");
    expect(event.description).toContain(LABEL);
    expect(eventText(makeEntry(6, "2026-12-03T02:00:00Z", { label: "Kamis, 3 Desember 2026 09.00 WIB" })).title).not.toContain("WIB");
  });
});
