import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { UserInput } from "../lib/api/types";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, fieldError, renderApp, waitForRows } from "./helpers";

const options = () => screen.getAllByTestId("profile-option");

describe("Profile chooser", () => {
  it("shows the active profiles before anything else, and nothing of the app", async () => {
    const fake = new FakeBackend({ currentUser: null, details: [makeDetail(1)] });
    const { user } = await renderApp(fake);

    const chooser = screen.getByTestId("profile-chooser");
    expect(options().map((o) => [o.dataset.id, o.textContent?.replace(/\s+/g, " ").trim()])).toEqual([
      ["2", "Andi Agen contact center"],
      ["1", "Sari Ketua tim"],
    ]); // Lama is inactive
    // Profiles exist: a new one is added by a secretariat in Pengaturan, not here.
    expect(within(chooser).queryByTestId("profile-create")).toBeNull();
    expect(within(chooser).getByTestId("profile-add-hint").textContent).toContain("Pengaturan › Profil pengguna");
    expect(screen.queryByTestId("request-list")).toBeNull();
    expect(screen.queryByTestId("new-request")).toBeNull();
    expect(screen.queryByTestId("current-user")).toBeNull();
    expect(document.activeElement).toBe(options()[0]);

    // The app's shortcuts do nothing until a profile is chosen.
    await user.keyboard("{Alt>}n{/Alt}");
    expect(screen.queryByTestId("request-form")).toBeNull();
    expect(fake.callsTo("listRequests")).toHaveLength(0);
  });

  it("selects a profile on click and shows it in the header", async () => {
    const fake = new FakeBackend({ currentUser: null, details: [makeDetail(1)] });
    const { user } = await renderApp(fake);

    await user.click(options().find((o) => o.dataset.id === "1")!);
    await waitForRows(1);
    expect(fake.callsTo("selectUser")).toEqual([[1]]);
    expect(byTestId("current-user").textContent).toBe("Sari · Ketua tim");
    expect(screen.queryByTestId("profile-chooser")).toBeNull();
    expect(screen.getByTestId("new-request")).toBeTruthy();
  });

  it("selects with the keyboard: arrows move, Enter chooses", async () => {
    const fake = new FakeBackend({ currentUser: null });
    const { user } = await renderApp(fake);

    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(options()[1]);
    await user.keyboard("{ArrowUp}{Enter}");
    await screen.findByTestId("current-user");
    expect(fake.callsTo("selectUser")).toEqual([[2]]);
    expect(byTestId("current-user").textContent).toBe("Andi · Agen contact center");
  });

  it("creates the desk's first profile, its team leader, with the core's field errors shown", async () => {
    const fake = new FakeBackend({ currentUser: null, users: [] });
    const { user } = await renderApp(fake);
    expect(screen.queryAllByTestId("profile-option")).toHaveLength(0);
    expect(byTestId<HTMLSelectElement>("profile-role").value).toBe("team_leader");

    await user.click(byTestId("profile-create"));
    await waitFor(() => expect(fieldError("name")?.textContent).toBe("Nama profil wajib diisi"));
    expect(byTestId("profile-name").getAttribute("aria-invalid")).toBe("true");
    expect(byTestId("profile-name").getAttribute("aria-describedby")).toBe(fieldError("name")!.id);
    expect(document.activeElement).toBe(byTestId("profile-name"));
    expect(fake.callsTo("selectUser")).toHaveLength(0);

    await user.type(byTestId("profile-name"), "Rina");
    expect(fieldError("name")).toBeNull(); // editing clears the stale complaint
    await user.selectOptions(byTestId("profile-role"), "agent");
    await user.click(byTestId("profile-create"));
    await waitFor(() => expect(fieldError("role")?.textContent).toContain("Profil pertama harus ketua tim"));
    expect(fake.users).toHaveLength(0);

    await user.selectOptions(byTestId("profile-role"), "team_leader");
    await user.click(byTestId("profile-name"));
    await user.keyboard("{Enter}"); // Enter in this small form creates
    await screen.findByTestId("current-user");
    expect(fake.callsTo("createUser").at(-1)).toEqual([{ name: "Rina", role: "team_leader" } satisfies UserInput]);
    expect(fake.callsTo("selectUser")).toEqual([[1]]);
    expect(byTestId("current-user").textContent).toBe("Rina · Ketua tim");
    expect(fake.audit.at(-1)).toMatchObject({ action: "user.create", actor_name: "Rina", request_id: null });
  });

  it("switches profile from the header, or keeps the current one", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    expect(byTestId("current-user").textContent).toBe("Sari · Ketua tim");

    await user.click(byTestId("switch-user"));
    await screen.findByTestId("profile-chooser");
    expect(options().find((o) => o.getAttribute("aria-current") === "true")?.dataset.id).toBe("1");
    expect(document.activeElement?.getAttribute("data-id")).toBe("1");
    await user.click(byTestId("profile-cancel"));
    expect(screen.queryByTestId("profile-chooser")).toBeNull();
    expect(fake.callsTo("selectUser")).toHaveLength(0);

    await user.click(byTestId("switch-user"));
    await user.click(options().find((o) => o.dataset.id === "2")!);
    await waitFor(() => expect(byTestId("current-user").textContent).toBe("Andi · Agen contact center"));
    expect(fake.currentUserId).toBe(2);
  });

  it("asks before switching away from unsaved edits", async () => {
    const fake = new FakeBackend();
    const { user } = await renderApp(fake);
    await user.click(byTestId("new-request"));
    await screen.findByTestId("request-form");
    await user.type(await screen.findByTestId("contact-name"), "Budi");

    await user.click(byTestId("switch-user"));
    expect(screen.queryByTestId("profile-chooser")).toBeNull();
    await user.click(screen.getByText("Buang perubahan"));
    expect(await screen.findByTestId("profile-chooser")).toBeTruthy();
  });

  it("shows why a profile could not be selected", async () => {
    const fake = new FakeBackend({ currentUser: null });
    fake.failNext("selectUser", new ApiError("validation", 'Profil pengguna "1" tidak ada atau tidak aktif'));
    const { user } = await renderApp(fake);
    await user.click(options()[1]!);
    expect((await screen.findByTestId("profile-error")).textContent).toBe('Profil pengguna "1" tidak ada atau tidak aktif');
    expect(screen.getByTestId("profile-chooser")).toBeTruthy();
  });

  it("makes every write wait for a profile (the fake refuses like the shell)", async () => {
    const fake = new FakeBackend({ currentUser: null, details: [makeDetail(3)] });
    const error = await fake.verifyRequest(3).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "validation",
      details: { fields: [{ field: "actor", message: "Pilih profil pengguna terlebih dahulu" }] },
    });
    expect(fake.details.get(3)?.status).toBe("submitted");
  });
});
