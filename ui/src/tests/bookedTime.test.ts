import { screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

// Preferred 14 December 10.00; booked 4 December 09.00.
function bookedRequest() {
  return makeDetail(7, {
    status: "scheduled",
    channel: "in_person",
    preferred_slots: [{ starts_at: "2026-12-14T03:00:00Z", date: "2026-12-14", time: "10:00", label: "Senin, 14 Desember 2026 10.00 WIB" }],
    booking: {
      id: 3,
      channel: "in_person",
      starts_at: "2026-12-04T02:00:00Z",
      ends_at: "2026-12-04T03:00:00Z",
      duration_minutes: 60,
      label: "Jumat, 4 Desember 2026 09.00 WIB",
      room_code: "R1",
      meeting_url: null,
      unit_code: "DTU",
      ical_uid: "x",
      resource_person_ids: [],
      sequence: 0,
    },
  });
}

describe("The booked time", () => {
  it("is what the list row, the form header and the schedule panel show; the preference stays 'usulan'", async () => {
    const { user } = await renderApp(new FakeBackend({ details: [bookedRequest()] }));
    await waitForRows(1);
    const row = rows()[0]!;
    expect(within(row).getByTestId("row-slot").textContent).toBe("Jumat, 4 Desember 2026 09.00 WIB");
    expect(row.textContent).not.toContain("14 Desember");
    expect(within(row).getAllByRole("gridcell")[5]!.title).toBe("Terjadwal: Jumat, 4 Desember 2026 09.00 WIB · Ruang Rapat DJPK Lt. 2");

    await user.dblClick(row);
    await screen.findByTestId("request-form");
    expect(byTestId("form-booked").textContent).toBe("Terjadwal Jumat, 4 Desember 2026 09.00 WIB");
    expect((await screen.findByTestId("booking-summary")).textContent).toContain("Terjadwal: Jumat, 4 Desember 2026 09.00 WIB");
    // The form's own slot inputs are the Pemda's preferences, under their heading.
    expect(screen.getByRole("heading", { name: /Usulan jadwal/ })).toBeTruthy();
  });

  it("is absent from the form header before booking", async () => {
    const { user } = await renderApp(new FakeBackend({ details: [makeDetail(7)] }));
    await waitForRows(1);
    expect(within(rows()[0]!).getByTestId("row-slot-preference").textContent).toBe("usulan");
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");
    expect(screen.queryByTestId("form-booked")).toBeNull();
  });
});
