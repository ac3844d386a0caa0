import { screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArrivalsDay, RequestDetail } from "../lib/api/types";
import { eventText } from "../lib/calendarText";
import { FakeBackend, makeDetail, makeEntry } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";
import { ARRIVALS, Replay } from "./recordings";

// A right-to-left override in a name would otherwise reverse what follows it ("#12 …", the zone).
const RLO_NAME = "Kota \u202Eirogob\u202C";
const GUEST = "Budi \u202Eotnaws\u202C";

const isolated = (element: HTMLElement) => element.closest("bdi") !== null;

describe("bidirectional isolation of user text", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

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
    // The core's recorded day, with names it refuses today (bidi controls) as older records may
    // still hold them; the card must keep them from reordering the text around them.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(ARRIVALS.now));
    const day = structuredClone(ARRIVALS);
    for (const call of day.calls.filter((c) => c.op === "arrivals" && c.state === "start")) {
      const arrival = (call.ok as ArrivalsDay).arrivals.find((a) => a.request_id === 1);
      if (!arrival) continue;
      arrival.requester_label = RLO_NAME;
      arrival.contact.name = GUEST;
      arrival.guests = [{ name: GUEST, position: "Kepala \u202EBadan", institution: "BPKAD", contact: null, is_regional_head: false }];
    }
    const fake = new FakeBackend({ details: ARRIVALS.seed.details as RequestDetail[], replay: new Replay(day) });
    const { user } = await renderApp(fake);
    await user.click(byTestId("nav-arrivals"));
    const card = await screen.findByTestId("arrival-1");
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
