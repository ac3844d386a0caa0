import { fireEvent, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import DateField from "../lib/components/shared/DateField.svelte";
import MonthField from "../lib/components/shared/MonthField.svelte";
import TimeField from "../lib/components/shared/TimeField.svelte";
import { maskDate, monthGrid, parseDisplayDate } from "../lib/dates";
import { FakeBackend } from "./fakeBackend";
import { byTestId, renderApp } from "./helpers";

function renderDate(value = "") {
  const user = userEvent.setup();
  const onchange = vi.fn<(value: string) => void>();
  const result = render(DateField, { props: { value, onchange, "data-testid": "d", "aria-label": "Tanggal" } });
  return { user, onchange, input: byTestId("d"), ...result };
}

const calendar = () => byTestId<HTMLElement>("d-calendar");
const focusedDay = () => (document.activeElement as HTMLButtonElement).dataset.day;

describe("Date field", () => {
  it("takes typed digits, puts the slashes in, and gives ISO", async () => {
    const { user, onchange, input } = renderDate();
    await user.type(input, "0712");
    expect(input.value).toBe("07/12");
    expect(onchange).not.toHaveBeenCalled();
    await user.type(input, "2026");
    expect(input.value).toBe("07/12/2026");
    expect(onchange).toHaveBeenLastCalledWith("2026-12-07");
    expect(input.getAttribute("aria-invalid")).toBeNull();
  });

  it("reads typed slashes and a one-digit day", async () => {
    const { user, onchange, input } = renderDate();
    await user.type(input, "8/1/2027");
    expect(input.value).toBe("08/01/2027");
    expect(onchange).toHaveBeenLastCalledWith("2027-01-08");
  });

  it("refuses a day that does not exist, in Indonesian, beside the field", async () => {
    const { user, onchange, input } = renderDate("2026-02-10");
    await user.clear(input);
    await user.type(input, "31/02/2026");
    const error = byTestId<HTMLElement>("d-format-error");
    expect(error.textContent).toContain("Tanggal 31/02/2026 tidak ada");
    expect(error.textContent).toContain("Februari 2026 hanya sampai tanggal 28");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain(error.id);
    // The app never sees the refused text as a date.
    expect(onchange).toHaveBeenLastCalledWith("");
    expect(onchange).not.toHaveBeenCalledWith(expect.stringMatching(/^2026-02-3/));
  });

  it("says an unfinished date is unfinished when leaving the field", async () => {
    const { user, input } = renderDate();
    await user.type(input, "0712");
    expect(screen.queryByTestId("d-format-error")).toBeNull();
    await user.tab();
    expect(byTestId<HTMLElement>("d-format-error").textContent).toContain("hh/bb/tttt");
  });

  it("shows an ISO value as dd/mm/yyyy and follows changes from outside", async () => {
    const { input, rerender } = renderDate("2026-12-08");
    expect(input.value).toBe("08/12/2026");
    await rerender({ value: "2023-03-02" });
    expect(input.value).toBe("02/03/2023");
  });

  it("opens an Indonesian calendar starting on Monday, on the chosen month", async () => {
    const { user } = renderDate("2026-12-08");
    await user.click(byTestId("d-open"));
    const heads = within(calendar())
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(heads).toEqual(["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]);
    expect(byTestId<HTMLElement>("d-calendar-title").textContent).toBe("Desember 2026");
    // 1 December 2026 is a Tuesday: the first row starts with an empty Monday.
    const firstRow = within(calendar()).getAllByRole("row")[1]!;
    const cells = within(firstRow).getAllByRole("cell");
    expect(cells[0]!.textContent).toBe("");
    expect(cells[1]!.textContent).toBe("1");
    expect(focusedDay()).toBe("8");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Selasa, 8 Desember 2026");
    expect(document.activeElement?.getAttribute("aria-pressed")).toBe("true");
  });

  it("is operated with the keyboard: arrows, PageDown, Enter, Escape", async () => {
    const { user, onchange, input } = renderDate("2026-12-08");
    input.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(focusedDay()).toBe("8");
    await user.keyboard("{ArrowRight}{ArrowDown}");
    expect(focusedDay()).toBe("16");
    await user.keyboard("{PageDown}");
    expect(byTestId<HTMLElement>("d-calendar-title").textContent).toBe("Januari 2027");
    expect(focusedDay()).toBe("16");
    await user.keyboard("{Home}");
    // 16 January 2027 is a Saturday; its week starts on Monday the 11th.
    expect(focusedDay()).toBe("11");
    await user.keyboard("{Enter}");
    expect(onchange).toHaveBeenLastCalledWith("2027-01-11");
    expect(input.value).toBe("11/01/2027");
    expect(screen.queryByTestId("d-calendar")).toBeNull();
    expect(document.activeElement).toBe(input);

    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await user.keyboard("{ArrowLeft}{Escape}");
    expect(screen.queryByTestId("d-calendar")).toBeNull();
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(input);
  });

  it("picks a day with the mouse, across a month boundary", async () => {
    const { user, onchange } = renderDate("2026-12-08");
    await user.click(byTestId("d-open"));
    await user.click(within(calendar()).getByRole("button", { name: "Bulan sebelumnya" }));
    expect(byTestId<HTMLElement>("d-calendar-title").textContent).toBe("November 2026");
    await user.click(within(calendar()).getByRole("button", { name: "Senin, 30 November 2026" }));
    expect(onchange).toHaveBeenLastCalledWith("2026-11-30");
  });
});

describe("Date field in the request form", () => {
  it("closes its calendar on Escape without leaving the form", async () => {
    const { user } = await renderApp(new FakeBackend());
    await user.click(byTestId("new-request"));
    await screen.findByTestId("request-form");
    await user.type(byTestId("contact-name"), "Siti");
    await user.click(byTestId("received-on-open"));
    expect(screen.getByTestId("received-on-calendar")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("received-on-calendar")).toBeNull();
    expect(document.activeElement).toBe(byTestId("received-on"));
    // No "leave unsaved edits?" question either: the form simply stays.
    expect(screen.getByTestId("request-form")).toBeTruthy();
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
});

describe("Date helpers", () => {
  it("masks and parses", () => {
    expect(maskDate("2026-12-07")).toBe("07/12/2026");
    expect(maskDate("071220261")).toBe("07/12/2026");
    expect(maskDate("7/")).toBe("07/");
    expect(parseDisplayDate("29/02/2028")).toEqual({ value: "2028-02-29", error: null });
    expect(parseDisplayDate("29/02/2027").error).toContain("hanya sampai tanggal 28");
    expect(parseDisplayDate("01/13/2027").error).toBe("Bulan harus 01 sampai 12.");
  });

  it("lays a month out from Monday", () => {
    // March 2026 starts on a Sunday.
    expect(monthGrid(2026, 3)[0]).toEqual([null, null, null, null, null, null, 1]);
    expect(monthGrid(2026, 3).flat().filter((d) => d !== null)).toHaveLength(31);
  });
});

describe("Month field", () => {
  function renderMonth(value: string) {
    const user = userEvent.setup();
    const onchange = vi.fn<(value: string) => void>();
    render(MonthField, { props: { value, onchange, label: "Bulan laporan", "data-testid": "m" } });
    return { user, onchange, input: byTestId("m") };
  }

  it("reads 'Maret 2023' and steps to the months around it, across the year", async () => {
    const { user, onchange, input } = renderMonth("2023-03");
    expect(input.value).toBe("Maret 2023");
    await user.click(byTestId("m-previous"));
    expect(onchange).toHaveBeenLastCalledWith("2023-02");
    expect(input.value).toBe("Februari 2023");
    await user.click(byTestId("m-next"));
    await user.click(byTestId("m-next"));
    expect(input.value).toBe("April 2023");
    input.focus();
    await user.keyboard("{PageUp}{PageUp}{PageUp}{PageUp}");
    expect(input.value).toBe("Desember 2022");
    expect(onchange).toHaveBeenLastCalledWith("2022-12");
  });

  it("takes a typed month, in digits or in words", async () => {
    const { user, onchange, input } = renderMonth("2026-12");
    await user.clear(input);
    await user.type(input, "03/2023");
    expect(onchange).toHaveBeenLastCalledWith("2023-03");
    expect(input.value).toBe("Maret 2023");
    await user.clear(input);
    await user.type(input, "agu 2024");
    expect(onchange).toHaveBeenLastCalledWith("2024-08");
    await user.tab();
    expect(input.value).toBe("Agustus 2024");
    await user.clear(input);
    await user.type(input, "bulan depan");
    await user.tab();
    expect(screen.getByRole("alert").textContent).toContain("mis. Maret 2023");
  });

  it("shows a pasted month in words even when it is the month already shown", async () => {
    const { input } = renderMonth("2026-12");
    expect(input.value).toBe("Desember 2026");
    await fireEvent.input(input, { target: { value: "2026-12" } });
    expect(input.value).toBe("Desember 2026");
    await fireEvent.input(input, { target: { value: "12/2026" } });
    expect(input.value).toBe("Desember 2026");
  });

  it("jumps through the list of months with the keyboard", async () => {
    const { user, onchange, input } = renderMonth("2023-01");
    input.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    const months = screen.getByRole("dialog", { name: "Pilih bulan tahun 2023" });
    expect(within(months).getAllByRole("button", { pressed: false }).map((b) => b.textContent)).toContain("Maret");
    expect(document.activeElement?.textContent).toBe("Januari");
    await user.keyboard("{ArrowRight}{ArrowRight}{Enter}");
    expect(onchange).toHaveBeenLastCalledWith("2023-03");
    expect(input.value).toBe("Maret 2023");
    expect(document.activeElement).toBe(input);
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}{ArrowLeft}{ArrowLeft}{ArrowLeft}");
    expect(screen.getByRole("dialog").getAttribute("aria-label")).toBe("Pilih bulan tahun 2022");
    await user.keyboard("{Enter}");
    expect(onchange).toHaveBeenLastCalledWith("2022-12");
  });
});

describe("Time field", () => {
  it("is 24-hour and takes digits alone", async () => {
    const user = userEvent.setup();
    const onchange = vi.fn<(value: string) => void>();
    render(TimeField, { props: { value: "", onchange, "data-testid": "t", "aria-label": "Jam" } });
    await user.type(byTestId("t"), "1430");
    expect(byTestId("t").value).toBe("14:30");
    expect(onchange).toHaveBeenLastCalledWith("14:30");
    await user.clear(byTestId("t"));
    await user.type(byTestId("t"), "9.05");
    expect(byTestId("t").value).toBe("09:05");
    expect(onchange).toHaveBeenLastCalledWith("09:05");
    await user.clear(byTestId("t"));
    await user.type(byTestId("t"), "2599");
    expect(byTestId<HTMLElement>("t-format-error").textContent).toBe("Jam harus 00 sampai 23.");
  });
});
