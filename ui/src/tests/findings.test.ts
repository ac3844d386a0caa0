import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Finding, RequestDetail, RequestInput } from "../lib/api/types";
import { FakeBackend, makeFinding } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";
import { FINDINGS, Replay } from "./recordings";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

// The debounce is 400 ms; give the answer time to arrive.
const SLOW = { timeout: 3000 };

async function openNewForm(user: User) {
  await user.click(screen.getByTestId("new-request"));
  await screen.findByTestId("request-form");
  await screen.findByTestId("topic-DAU");
}

const findings = () => screen.queryAllByTestId("finding");

/** The core's rule checks, recorded by tests/ui_fixtures.rs on Saturday 28 November 2026. */
function findingsBackend(): FakeBackend {
  return new FakeBackend({ details: FINDINGS.seed.details as RequestDetail[], replay: new Replay(FINDINGS) });
}

async function openStored(user: User, id: number) {
  await waitForRows(2);
  await user.dblClick(rows().find((row) => row.dataset.id === String(id))!);
  await screen.findByTestId("request-form");
}

describe("Pemeriksaan aturan", () => {
  it("shows block, warn and info findings grouped by severity once typing pauses", async () => {
    // #1 as the core judged it: a tatap muka without letter, proposed too soon, perhaps a
    // duplicate of #3, and not the preferred video conference.
    const fake = findingsBackend();
    const { user } = await renderApp(fake);
    await openStored(user, 1);

    const panel = screen.getByTestId("findings-panel");
    await waitFor(() => expect(findings()).toHaveLength(4), SLOW);
    await user.type(byTestId("contact-name"), " Santoso");
    await waitFor(
      () => expect(fake.callsTo("checkRequestInput").at(-1)?.[1]).toMatchObject({ contact: { name: "Budi Santoso" } }),
      SLOW,
    );
    await waitFor(() => expect(findings()).toHaveLength(4), SLOW);

    // Grouped: Block first, then Warn, then Info, each under its Indonesian heading.
    expect(findings().map((f) => [f.dataset.rule, f.dataset.severity])).toEqual([
      ["letter-required", "block"],
      ["lead-time", "block"],
      ["duplicate", "warn"],
      ["prefer-video", "info"],
    ]);
    const groups = within(panel).getAllByTestId("finding-group");
    expect(groups.map((g) => g.querySelector("h3")?.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Menghalangi penjadwalan (2)",
      "Perlu diperhatikan (1)",
      "Informasi (1)",
    ]);
    const [blockItem, leadItem] = findings();
    expect(blockItem!.textContent).toContain("Konsultasi tatap muka memerlukan Surat Permintaan Konsultasi/Audiensi");
    expect(within(blockItem!).getByText("Dasar: S-38/PK/2023 angka 3")).toBeTruthy();
    expect(
      within(blockItem!).getByText("Saran: Minta Pemda mengirim surat permintaan, atau tawarkan video conference"),
    ).toBeTruthy();
    expect(leadItem!.textContent).toContain("Usulan jadwal ke-1");

    // Debounced: no check was sent for a half-typed name.
    const names = fake.callsTo("checkRequestInput").map(([, input]) => (input as RequestInput).contact.name);
    expect(names.at(-1)).toBe("Budi Santoso");
    expect(names.filter((name) => name !== "Budi" && name !== "Budi Santoso")).toEqual([]);
    // A stored request is checked with its id.
    expect(fake.callsTo("checkRequestInput").every(([id]) => id === 1)).toBe(true);
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
    // A finding without a suggestion shows none.
    expect(within(findings()[0]!).queryByText(/^Saran:/)).toBeNull();
  });

  it("shows a quiet note, not an error, while the form cannot be read yet", async () => {
    // The core refuses to judge a form this incomplete (its validation answer, recorded).
    const fake = findingsBackend();
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
    // A new request is checked without an id.
    expect(fake.callsTo("checkRequestInput").every(([id]) => id === null)).toBe(true);
  });

  it("checks a stored request with its id and sends the received date", async () => {
    // #2, a video conference of 25 received on 18 November: within the 30 allowed from 15
    // November; received earlier, the cap of 20 in force before applies.
    const fake = findingsBackend();
    const { user } = await renderApp(fake);
    await openStored(user, 2);

    const receivedOn = byTestId("received-on");
    await waitFor(() => expect(receivedOn.value).toBe("18/11/2026"));
    await screen.findByTestId("findings-clear", {}, SLOW);

    await user.clear(receivedOn);
    await user.type(receivedOn, "10/11/2026");
    expect(await screen.findByText("Jumlah tamu direncanakan 25 orang melebihi batas video conference 20 orang", {}, SLOW)).toBeTruthy();

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
