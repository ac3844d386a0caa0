import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "./fakeBackend";
import { byTestId, renderApp } from "./helpers";

async function openForm() {
  const fake = new FakeBackend();
  const app = await renderApp(fake);
  await app.user.click(screen.getByTestId("new-request"));
  await screen.findByTestId("request-form");
  return { fake, ...app };
}

const options = () => screen.queryAllByTestId("requester-option");

describe("Requester combobox", () => {
  it("searches as you type, once per pause, with limit 20", async () => {
    const { fake, user } = await openForm();
    const input = byTestId("requester-search");

    await user.type(input, "bogor");
    await waitFor(() => expect(options()).toHaveLength(4));
    expect(fake.callsTo("searchRequesters")).toEqual([["bogor", 20]]);
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(options().map((o) => o.dataset.code)).toEqual(["32.01", "32.01", "32.71", "32.71"]);
    expect(options()[0]!.textContent).toContain("Kabupaten Bogor");
    expect(options()[0]!.textContent).toContain("Jawa Barat · WIB");
  });

  it("picks with ↓/Enter, sets the kind from the option, and does not submit the form", async () => {
    const { fake, user } = await openForm();
    const input = byTestId("requester-search");
    await user.type(input, "kabupaten bogor");
    await waitFor(() => expect(options()).toHaveLength(2));
    // The first match is highlighted from the start.
    expect(input.getAttribute("aria-activedescendant")).toBe(options()[0]!.id);
    expect(options()[0]!.getAttribute("aria-selected")).toBe("true");

    await user.keyboard("{ArrowDown}");
    expect(input.getAttribute("aria-activedescendant")).toBe(options()[1]!.id);
    expect(options()[0]!.getAttribute("aria-selected")).toBe("false");

    await user.keyboard("{Enter}");
    expect(input.value).toBe("DPRD Kabupaten Bogor");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(byTestId<HTMLSelectElement>("requester-kind").value).toBe("regional_council");
    expect(screen.getByText("DPRD Kabupaten Bogor", { selector: "strong" })).toBeTruthy();
    expect(fake.callsTo("createRequest")).toHaveLength(0);

    await user.click(byTestId("submit-request"));
    await waitFor(() => expect(fake.callsTo("createRequest")).toHaveLength(1));
    const [input0] = fake.callsTo("createRequest")[0] as [{ requester: unknown }];
    expect(input0.requester).toEqual({ kind: "regional_council", region_code: "32.01", name: null });
  });

  it("picks the highlighted first match with Enter when a Pemda and its DPRD both match", async () => {
    const { user } = await openForm();
    const input = byTestId("requester-search");
    await user.type(input, "kabupaten bogor");
    await waitFor(() => expect(options()).toHaveLength(2));
    await user.keyboard("{Enter}");
    expect(input.value).toBe("Kabupaten Bogor");
    expect(byTestId<HTMLSelectElement>("requester-kind").value).toBe("regional_government");
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("takes the first match of what was typed when Enter comes before the answer", async () => {
    const { fake, user } = await openForm();
    const input = byTestId("requester-search");
    await user.type(input, "kota bogor{Enter}");
    await waitFor(() => expect(input.value).toBe("Kota Bogor"));
    expect(fake.callsTo("searchRequesters").at(-1)).toEqual(["kota bogor", 20]);
    expect(fake.callsTo("createRequest")).toHaveLength(0);
  });

  it("closes the list with Escape without leaving the form, and forgets the pick when retyped", async () => {
    const { user } = await openForm();
    const input = byTestId("requester-search");
    await user.type(input, "jayapura");
    await waitFor(() => expect(options()).toHaveLength(1));
    await user.keyboard("{Escape}");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(screen.getByTestId("request-form")).toBeTruthy();

    // With a single match, Enter takes it.
    await user.keyboard("{ArrowDown}");
    await user.keyboard("{Enter}");
    expect(input.value).toBe("Kota Jayapura");
    expect(screen.getByText(/WIT/, { selector: ".picked" })).toBeTruthy();

    await user.type(input, "x");
    expect(screen.getByText("Belum dipilih: pilih salah satu daerah dari daftar.")).toBeTruthy();
  });

  it("says so when nothing matches", async () => {
    const { user } = await openForm();
    await user.type(byTestId("requester-search"), "atlantis");
    expect(await screen.findByText("Daerah tidak ditemukan", { selector: "[id$=status]" })).toBeTruthy();
    expect(options()).toHaveLength(0);
  });
});
