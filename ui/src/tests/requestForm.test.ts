import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { RequestInput } from "../lib/api/types";
import { FakeBackend, makeDetail, makeSummary } from "./fakeBackend";
import { byTestId, fieldError, renderApp, rows, waitForRows } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

async function openNewForm(user: User) {
  await user.click(screen.getByTestId("new-request"));
  await screen.findByTestId("request-form");
  await screen.findByTestId("topic-DAU"); // catalogue loaded
}

async function pickRequester(user: User, query: string, label: string) {
  await user.type(byTestId("requester-search"), query);
  const option = (await screen.findAllByTestId("requester-option")).find((o) => o.textContent?.includes(label));
  await user.click(option!);
}

describe("Form permohonan", () => {
  it("submits a Pemda tatap muka request with a Kepala Daerah guest and a letter", async () => {
    const fake = new FakeBackend({ summaries: [makeSummary(41)] });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await openNewForm(user);

    await user.click(byTestId("channel-in_person"));
    // Tatap muka needs a letter: the toggle is on (and locked) and the addressee is prefilled.
    expect(byTestId("has-letter").checked).toBe(true);
    expect(byTestId("has-letter").disabled).toBe(true);
    expect(byTestId("letter-addressee").value).toBe("Direktur Jenderal Perimbangan Keuangan");

    await pickRequester(user, "kabupaten bogor", "Kabupaten Bogor");
    expect(byTestId<HTMLSelectElement>("requester-kind").value).toBe("regional_government");

    await user.type(byTestId("contact-name"), "Siti Aminah");
    await user.type(byTestId("contact-whatsapp"), "081234567890");
    await user.type(byTestId("contact-email"), "siti@bogorkab.go.id");
    await user.click(byTestId("topic-DAU"));
    await user.click(byTestId("topic-DAK"));
    await user.type(byTestId("description"), "Konsultasi penyaluran DAU dan DAK fisik 2027.");

    await user.type(byTestId("slot-date-0"), "03/12/2026");
    await user.type(byTestId("slot-time-0"), "09:00");
    await user.click(byTestId("add-slot"));
    await user.type(byTestId("slot-date-1"), "04/12/2026");
    await user.type(byTestId("slot-time-1"), "13:30");

    await user.clear(byTestId("planned-guest-count"));
    await user.type(byTestId("planned-guest-count"), "4");
    // No separate "Kepala Daerah hadir" box: marking the guest below is the claim.
    expect(screen.queryByTestId("regional-head-attends")).toBeNull();

    await user.click(byTestId("add-guest"));
    await user.click(byTestId("add-guest"));
    await user.type(byTestId("guest-name-0"), "Rudy Susmanto");
    await user.type(byTestId("guest-position-0"), "Bupati");
    await user.type(byTestId("guest-institution-0"), "Pemerintah Kabupaten Bogor");
    await user.click(byTestId("guest-head-0"));
    expect(byTestId<HTMLElement>("regional-head-claim").textContent).toContain("Kepala Daerah direncanakan hadir: Rudy Susmanto");
    await user.type(byTestId("guest-name-1"), "Ajat Rochmat");
    await user.type(byTestId("guest-position-1"), "Sekretaris Daerah");
    await user.type(byTestId("guest-institution-1"), "Pemerintah Kabupaten Bogor");
    await user.type(byTestId("guest-contact-1"), "0812000111");

    await user.type(byTestId("letter-number"), "900/123-BPKAD");
    await user.type(byTestId("letter-date"), "25/11/2026");
    await user.type(byTestId("letter-subject"), "Permohonan konsultasi DAU");
    await user.type(byTestId("letter-signer"), "Sekretaris Daerah Kabupaten Bogor");
    const pdf = new File(["%PDF-1.4 surat"], "surat-permohonan.pdf", { type: "application/pdf" });
    await user.upload(byTestId("letter-scan"), pdf);
    await screen.findByTestId("letter-scan-chosen");

    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fake.callsTo("createRequest")).toHaveLength(1));

    const [input] = fake.callsTo("createRequest")[0] as [RequestInput];
    expect(input).toEqual({
      channel: "in_person",
      requester: { kind: "regional_government", region_code: "32.01", name: null },
      contact: { name: "Siti Aminah", whatsapp: "081234567890", email: "siti@bogorkab.go.id" },
      topics: ["DAU", "DAK"],
      description: "Konsultasi penyaluran DAU dan DAK fisik 2027.",
      preferred_slots: [
        { date: "2026-12-03", time: "09:00" },
        { date: "2026-12-04", time: "13:30" },
      ],
      planned_guest_count: 4,
      guests: [
        {
          name: "Rudy Susmanto",
          position: "Bupati",
          institution: "Pemerintah Kabupaten Bogor",
          contact: null,
          is_regional_head: true,
        },
        {
          name: "Ajat Rochmat",
          position: "Sekretaris Daerah",
          institution: "Pemerintah Kabupaten Bogor",
          contact: "0812000111",
          is_regional_head: false,
        },
      ],
      letter: {
        number: "900/123-BPKAD",
        date: "2026-11-25",
        subject: "Permohonan konsultasi DAU",
        addressee: "Direktur Jenderal Perimbangan Keuangan",
        signer: "Sekretaris Daerah Kabupaten Bogor",
        scan: { file_name: "surat-permohonan.pdf", content_base64: btoa("%PDF-1.4 surat") },
      },
      received_on: null,
    } satisfies RequestInput);

    // Back on the list, with the new row selected and a notice.
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #42 tersimpan");
    expect(screen.queryByTestId("request-form")).toBeNull();
    await waitForRows(2);
    const saved = rows().find((row) => row.dataset.id === "42")!;
    expect(saved.getAttribute("aria-selected")).toBe("true");
    expect(within(saved).getByText("Tatap muka")).toBeTruthy();
  });

  it("keeps only one guest marked as Kepala Daerah", async () => {
    const { user } = await renderApp(new FakeBackend());
    await openNewForm(user);
    await user.click(byTestId("add-guest"));
    await user.click(byTestId("add-guest"));

    await user.click(byTestId("guest-head-0"));
    await user.click(byTestId("guest-head-1"));
    expect(byTestId("guest-head-0").checked).toBe(false);
    expect(byTestId("guest-head-1").checked).toBe(true);
  });

  it("shows each validation error beside its field, the banner, and saves nothing", async () => {
    const fake = new FakeBackend();
    fake.failNext(
      "createRequest",
      new ApiError("validation", "Data permohonan belum lengkap.", {
        fields: [
          { field: "requester.region_code", message: "Pilih Pemda atau DPRD dari daftar." },
          { field: "contact.name", message: "Nama narahubung wajib diisi." },
          { field: "topics", message: "Pilih minimal satu topik." },
          { field: "preferred_slots[0].date", message: "Tanggal usulan wajib diisi." },
          { field: "planned_guest_count", message: "Jumlah tamu minimal 1." },
          { field: "guests[0].name", message: "Nama tamu wajib diisi." },
          { field: "letter.number", message: "Nomor surat wajib diisi." },
          { field: "letter.scan", message: "Pindaian surat wajib dilampirkan." },
          { field: "schedule", message: "Kuota konsultasi minggu itu sudah penuh." },
        ],
      }),
    );
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.click(byTestId("channel-in_person"));
    await user.click(byTestId("add-guest"));
    await user.clear(byTestId("planned-guest-count"));

    await user.click(byTestId("submit-request"));

    const banner = await screen.findByTestId("form-error");
    expect(banner.textContent).toContain("Data permohonan belum lengkap.");
    // A path with no field on screen is still shown, in the banner.
    expect(within(banner).getByText("Kuota konsultasi minggu itu sudah penuh.").dataset.field).toBe("schedule");

    const beside: Array<[string, string, string]> = [
      ["requester.region_code", "requester-search", "Pilih Pemda atau DPRD dari daftar."],
      ["contact.name", "contact-name", "Nama narahubung wajib diisi."],
      ["topics", "topic-DAU", "Pilih minimal satu topik."],
      ["preferred_slots[0].date", "slot-date-0", "Tanggal usulan wajib diisi."],
      ["planned_guest_count", "planned-guest-count", "Jumlah tamu minimal 1."],
      ["guests[0].name", "guest-name-0", "Nama tamu wajib diisi."],
      ["letter.number", "letter-number", "Nomor surat wajib diisi."],
      ["letter.scan", "letter-scan", "Pindaian surat wajib dilampirkan."],
    ];
    for (const [path, testId, message] of beside) {
      const error = fieldError(path);
      expect(error, path).not.toBeNull();
      expect(error!.textContent).toBe(message);
      const input = byTestId(testId);
      expect(input.getAttribute("aria-invalid"), path).toBe("true");
      expect(input.getAttribute("aria-describedby")?.split(" "), path).toContain(error!.id);
      // Beside the field: the error shares the field's own wrapper, not just the form.
      const wrapper = error!.parentElement!;
      expect(wrapper.contains(input) || wrapper.parentElement!.contains(input), path).toBe(true);
      expect(wrapper.closest("[data-testid='form-error']")).toBeNull();
    }

    // The first invalid field (in screen order) gets focus.
    expect(document.activeElement).toBe(byTestId("requester-search"));

    // Nothing was stored; the form stays open and the list is unchanged.
    expect(fake.size).toBe(0);
    expect(screen.getByTestId("request-form")).toBeTruthy();
    await user.click(byTestId("cancel-form"));
    await screen.findByText("Belum ada permohonan");
    expect(rows()).toHaveLength(0);
  });

  it("clears a field's error once it is edited and retries the save", async () => {
    const fake = new FakeBackend();
    fake.failNext(
      "createRequest",
      new ApiError("validation", "Data permohonan belum lengkap.", {
        fields: [{ field: "contact.name", message: "Nama narahubung wajib diisi." }],
      }),
    );
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fieldError("contact.name")).not.toBeNull());
    expect(document.activeElement).toBe(byTestId("contact-name"));

    await user.type(byTestId("contact-name"), "Budi");
    expect(fieldError("contact.name")).toBeNull();
    expect(byTestId("contact-name").getAttribute("aria-invalid")).toBeNull();

    await user.keyboard("{Control>}{Enter}{/Control}");
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #1 tersimpan");
    expect(fake.callsTo("createRequest")).toHaveLength(2);
  });

  it("shows a policy error from the back end in the banner", async () => {
    const fake = new FakeBackend();
    fake.failNext("createRequest", { code: "policy", message: "Tatap muka memerlukan surat permintaan.", details: { fields: [] } });
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.click(byTestId("submit-request"));
    const banner = await screen.findByTestId("form-error");
    expect(banner.textContent).toContain("Tatap muka memerlukan surat permintaan.");
    expect(document.activeElement).toBe(banner);
  });

  it("disables Simpan and shows Menyimpan… while saving", async () => {
    const fake = new FakeBackend();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = fake.createRequest.bind(fake);
    fake.createRequest = async (input) => {
      await gate;
      return create(input);
    };
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.click(byTestId("submit-request"));
    const button = byTestId<HTMLButtonElement>("submit-request");
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe("Menyimpan…");
    release();
    await screen.findByTestId("notice");
  });

  it("opens a stored request, keeps its scan when none is chosen, and updates it", async () => {
    const detail = makeDetail(7, {
      status: "verified",
      channel: "in_person",
      guests: [{ name: "Rina", position: "Kepala BPKAD", institution: "Kabupaten Bogor", contact: null, is_regional_head: false }],
      letter: {
        number: "005/77",
        date: "2026-11-10",
        subject: "Permohonan konsultasi",
        addressee: "Direktur Jenderal Perimbangan Keuangan",
        signer: "Bupati Bogor",
        scan: { file_name: "surat-77.pdf", mime_type: "application/pdf", size_bytes: 245_760, sha256: "a".repeat(64) },
      },
    });
    const fake = new FakeBackend({ details: [detail] });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");

    await waitFor(() => expect(byTestId("requester-search").value).toBe("Kabupaten Bogor"));
    expect(byTestId("channel-in_person").checked).toBe(true);
    expect(byTestId("guest-name-0").value).toBe("Rina");
    expect(byTestId("letter-number").value).toBe("005/77");
    expect(screen.getByTestId("letter-scan-stored").textContent).toContain("surat-77.pdf");
    expect(screen.getByTestId("letter-scan-stored").textContent).toContain("240 KB");
    expect(screen.getByText("Terverifikasi")).toBeTruthy();

    await user.clear(byTestId("description"));
    await user.type(byTestId("description"), "Uraian diperbarui.");
    await user.click(byTestId("submit-request"));

    await waitFor(() => expect(fake.callsTo("updateRequest")).toHaveLength(1));
    const [id, version, input] = fake.callsTo("updateRequest")[0] as [number, number, RequestInput];
    expect(id).toBe(7);
    expect(version).toBe(1); // the version the form loaded
    expect(input.description).toBe("Uraian diperbarui.");
    expect(input.letter?.scan).toBeNull();
    expect(input.requester).toEqual({ kind: "regional_government", region_code: "32.01", name: null });
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 tersimpan");
    expect(fake.details.get(7)?.letter?.scan?.file_name).toBe("surat-77.pdf");
  });

  it("keeps what was typed when another desk changed the request meanwhile, and reloads on request", async () => {
    const fake = new FakeBackend({ details: [makeDetail(7)] });
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");
    await waitFor(() => expect(byTestId("description").value).toBe("Konsultasi penggunaan DAU."));

    // Another desk saves first: the stored request moves to version 2.
    await fake.selectUser(2);
    const stored = fake.details.get(7)!;
    await fake.updateRequest(7, 1, {
      channel: stored.channel,
      requester: { kind: stored.requester.kind, region_code: stored.requester.region_code, name: null },
      contact: { name: "Siti Aminah", whatsapp: "081234567890", email: null },
      topics: ["DAU"],
      description: "Diubah di meja lain.",
      preferred_slots: [{ date: "2026-12-03", time: "09:00" }],
      planned_guest_count: 2,
      guests: [],
      letter: null,
      received_on: null,
    });
    await fake.selectUser(1);

    await user.clear(byTestId("description"));
    await user.type(byTestId("description"), "Uraian saya yang panjang.");
    await user.click(byTestId("submit-request"));

    const banner = await screen.findByTestId("form-error");
    expect(banner.textContent).toContain("Permohonan #7 sudah diubah oleh Andi setelah Anda membukanya");
    expect(fake.callsTo("updateRequest").at(-1)?.[1]).toBe(1);
    expect(byTestId("description").value).toBe("Uraian saya yang panjang."); // nothing lost
    expect(fake.details.get(7)?.description).toBe("Diubah di meja lain.");
    expect(screen.queryByTestId("notice")).toBeNull();

    await user.click(within(banner).getByTestId("reload-request"));
    await waitFor(() => expect(byTestId("description").value).toBe("Diubah di meja lain."));
    expect(screen.queryByTestId("form-error")).toBeNull();
    await user.type(byTestId("description"), " Ditambah.");
    await user.click(byTestId("submit-request"));
    expect((await screen.findByTestId("notice")).textContent).toContain("Permohonan #7 tersimpan");
    expect(fake.callsTo("updateRequest").at(-1)?.[1]).toBe(2);
    expect(fake.details.get(7)?.description).toBe("Diubah di meja lain. Ditambah.");
  });

  it("asks before Escape throws away unsaved edits, and leaves a clean form at once", async () => {
    const { user } = await renderApp(new FakeBackend());
    await openNewForm(user);
    await user.keyboard("{Escape}");
    await screen.findByText("Belum ada permohonan");

    await openNewForm(user);
    await user.type(byTestId("contact-name"), "Budi");
    await user.keyboard("{Escape}");
    expect(screen.getByRole("alertdialog").textContent).toContain("Perubahan belum disimpan");
    expect(screen.getByTestId("request-form")).toBeTruthy();
    await user.keyboard("{Escape}");
    await screen.findByText("Belum ada permohonan");
  });

  it("does not save on a plain Enter in a text box, only on Ctrl+Enter", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.type(byTestId("contact-name"), "Budi{Enter}");
    await user.type(byTestId("contact-whatsapp"), "0812{Enter}");
    expect(fake.callsTo("createRequest")).toHaveLength(0);
    expect(screen.getByTestId("request-form")).toBeTruthy();
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(fake.callsTo("createRequest")).toHaveLength(1));
  });

  it("opens a new form with Alt+N", async () => {
    const { user } = await renderApp(new FakeBackend());
    await screen.findByText("Belum ada permohonan");
    await user.keyboard("{Alt>}n{/Alt}");
    expect(await screen.findByTestId("request-form")).toBeTruthy();
  });

  it("uses a name, not the region search, for non-regional requesters", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await openNewForm(user);
    await user.selectOptions(byTestId("requester-kind"), "academic");
    expect(screen.queryByTestId("requester-search")).toBeNull();
    await user.type(byTestId("requester-name"), "Universitas Indonesia");
    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fake.callsTo("createRequest")).toHaveLength(1));
    const [input] = fake.callsTo("createRequest")[0] as [RequestInput];
    expect(input.requester).toEqual({ kind: "academic", region_code: null, name: "Universitas Indonesia" });
    expect(input.letter).toBeNull();
  });
});
