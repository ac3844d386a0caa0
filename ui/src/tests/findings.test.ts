import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { Finding, RequestInput } from "../lib/api/types";
import { FakeBackend, makeDetail, makeFinding } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

// The debounce is 400 ms; give the answer time to arrive.
const SLOW = { timeout: 3000 };

async function openNewForm(user: User) {
  await user.click(screen.getByTestId("new-request"));
  await screen.findByTestId("request-form");
  await screen.findByTestId("topic-DAU");
}

const findings = () => screen.queryAllByTestId("finding");

describe("Pemeriksaan aturan", () => {
  it("shows block, warn and info findings grouped by severity once typing pauses", async () => {
    const fake = new FakeBackend();
    const block = makeFinding("letter-required", "block", {
      message: "Tatap muka memerlukan surat permintaan.",
      clause: "S-38/PK/2023 angka 3",
      suggestion: "Lampirkan surat permintaan yang ditujukan kepada Dirjen Perimbangan Keuangan.",
    });
    const warn = makeFinding("lead-time", "warn", {
      message: "Usulan jadwal 1 kurang dari 5 hari kerja setelah permohonan diterima.",
      clause: "Kebijakan DJPK (asumsi)",
      slot_index: 0,
    });
    const info = makeFinding("prefer-video", "info", { message: "S-38/PK/2023 mengutamakan video conference." });
    fake.findingsFor = (_id, input) => (input.contact.name === "Budi Santoso" ? [info, block, warn] : []);
    const { user } = await renderApp(fake);
    await openNewForm(user);

    const panel = screen.getByTestId("findings-panel");
    await user.type(byTestId("contact-name"), "Budi Santoso");
    await waitFor(() => expect(findings()).toHaveLength(3), SLOW);

    // Grouped: Block first, then Warn, then Info, each under its Indonesian heading.
    expect(findings().map((f) => [f.dataset.rule, f.dataset.severity])).toEqual([
      ["letter-required", "block"],
      ["lead-time", "warn"],
      ["prefer-video", "info"],
    ]);
    const groups = within(panel).getAllByTestId("finding-group");
    expect(groups.map((g) => g.querySelector("h3")?.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Menghalangi penjadwalan (1)",
      "Perlu diperhatikan (1)",
      "Informasi (1)",
    ]);
    const [blockItem, warnItem] = findings();
    expect(blockItem!.textContent).toContain("Tatap muka memerlukan surat permintaan.");
    expect(within(blockItem!).getByText("Dasar: S-38/PK/2023 angka 3")).toBeTruthy();
    expect(
      within(blockItem!).getByText("Saran: Lampirkan surat permintaan yang ditujukan kepada Dirjen Perimbangan Keuangan."),
    ).toBeTruthy();
    expect(warnItem!.textContent).toContain("Usulan jadwal 1");
    expect(within(warnItem!).queryByText(/^Saran:/)).toBeNull();

    // Debounced: no check was sent for a half-typed name.
    const names = fake.callsTo("checkRequestInput").map(([, input]) => (input as RequestInput).contact.name);
    expect(names.at(-1)).toBe("Budi Santoso");
    expect(names.filter((name) => name !== "" && name !== "Budi Santoso")).toEqual([]);
    // A new request is checked without an id.
    expect(fake.callsTo("checkRequestInput").every(([id]) => id === null)).toBe(true);
  });

  it("ignores the answer to an older input that arrives late", async () => {
    const fake = new FakeBackend();
    const pending: Array<{ input: RequestInput; resolve: (f: Finding[]) => void }> = [];
    fake.checkRequestInput = (_id, input) => new Promise((resolve) => pending.push({ input, resolve }));
    const { user } = await renderApp(fake);
    await openNewForm(user);

    await user.type(byTestId("contact-name"), "Lama");
    await waitFor(() => expect(pending.some((p) => p.input.contact.name === "Lama")).toBe(true), SLOW);
    await user.type(byTestId("contact-name"), " Baru");
    await waitFor(() => expect(pending.some((p) => p.input.contact.name === "Lama Baru")).toBe(true), SLOW);

    // The older answer arrives first, while the newer one is still out: it must not show.
    for (const p of pending.filter((p) => p.input.contact.name !== "Lama Baru")) {
      p.resolve([makeFinding("duplicate", "block", { message: "Temuan usang" })]);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText("Temuan usang")).toBeNull();
    expect(screen.getByTestId("findings-checking")).toBeTruthy();

    pending.find((p) => p.input.contact.name === "Lama Baru")!.resolve([makeFinding("guest-limit", "warn", { message: "Temuan terbaru" })]);
    expect(await screen.findByText("Temuan terbaru")).toBeTruthy();
    expect(screen.queryByText("Temuan usang")).toBeNull();
    expect(findings().map((f) => f.dataset.rule)).toEqual(["guest-limit"]);
  });

  it("shows a quiet note, not an error, while the form cannot be read yet", async () => {
    const fake = new FakeBackend();
    fake.findingsFor = () => {
      throw new ApiError("validation", "Data permohonan belum lengkap.", {
        fields: [{ field: "contact.name", message: "Nama narahubung wajib diisi." }],
      });
    };
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.type(byTestId("description"), "Konsultasi DAU");

    const note = await screen.findByTestId("findings-pending", {}, SLOW);
    expect(note.textContent).toContain("Lengkapi isian untuk memeriksa aturan");
    expect(findings()).toHaveLength(0);
    // Quiet: no alert, no field marked invalid, the save banner stays away.
    expect(within(screen.getByTestId("findings-panel")).queryByRole("alert")).toBeNull();
    expect(screen.queryByTestId("field-error")).toBeNull();
    expect(screen.queryByTestId("form-error")).toBeNull();
    expect(byTestId("contact-name").getAttribute("aria-invalid")).toBeNull();

    // Typing on does not make the note flicker away while the next check runs.
    await user.type(byTestId("description"), " dan DAK");
    expect(screen.getByTestId("findings-checking")).toBeTruthy();
    expect(screen.getByTestId("findings-pending")).toBeTruthy();
  });

  it("checks a stored request with its id and sends the received date", async () => {
    const fake = new FakeBackend({ details: [makeDetail(12, { received_on: "2026-11-18" })] });
    fake.findingsFor = (id, input) =>
      id === 12 && input.received_on === "2026-11-10"
        ? [makeFinding("lead-time", "info", { message: "Dihitung dari 10 November 2026." })]
        : [];
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");

    const receivedOn = byTestId("received-on");
    await waitFor(() => expect(receivedOn.value).toBe("18/11/2026"));
    await screen.findByTestId("findings-clear", {}, SLOW);

    await user.clear(receivedOn);
    await user.type(receivedOn, "10/11/2026");
    expect(await screen.findByText("Dihitung dari 10 November 2026.", {}, SLOW)).toBeTruthy();

    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fake.callsTo("updateRequest")).toHaveLength(1));
    expect((fake.callsTo("updateRequest")[0]![2] as RequestInput).received_on).toBe("2026-11-10");
  });

  it("sends no received date for a new request left at today", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openNewForm(user);
    expect(byTestId("received-on").value).toBe("");
    expect(screen.getByText(/Kosong = hari ini/)).toBeTruthy();
    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fake.callsTo("createRequest")).toHaveLength(1));
    expect((fake.callsTo("createRequest")[0]![0] as RequestInput).received_on).toBeNull();
  });
});
