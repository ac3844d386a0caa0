import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import FilePicker from "../lib/components/shared/FilePicker.svelte";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

describe("File picker", () => {
  it("speaks Indonesian, keeps the native input for the open dialog, and names the file chosen", async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(FilePicker, { props: { accept: ".csv", "data-testid": "f", "aria-label": "Berkas CSV", onchange } });
    const input = byTestId("f");
    expect(input.type).toBe("file");
    expect(screen.getByText("Pilih berkas…")).toBeTruthy();
    expect(byTestId<HTMLElement>("f-name").textContent).toBe("Belum ada berkas dipilih");
    await user.upload(input, new File(["a,b"], "riwayat.csv", { type: "text/csv" }));
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(byTestId<HTMLElement>("f-name").textContent).toBe("riwayat.csv");
  });
});

describe("App bar and notices", () => {
  it("keeps the profile's role and every Alt-key hint in the bar", async () => {
    await renderApp(new FakeBackend());
    expect(byTestId<HTMLElement>("current-user").querySelector(".role")?.textContent).toBe(" · Ketua tim");
    const hints = [...document.querySelectorAll(".app-bar kbd")].map((kbd) => kbd.textContent);
    expect(hints).toEqual(["Alt+D", "Alt+K", "Alt+S", "Alt+N"]);
  });

  it("shows a notice between the bar and the screen, over no control", async () => {
    const fake = new FakeBackend({ details: [makeDetail(3)] });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");
    await user.click(byTestId("submit-request"));
    const notice = await screen.findByTestId("notice");
    await waitFor(() => expect(notice.previousElementSibling?.tagName).toBe("HEADER"));
    expect(notice.nextElementSibling?.tagName).toBe("MAIN");
  });
});
