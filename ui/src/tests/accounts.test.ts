import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import type { AccountInput, AccountView } from "../lib/api/types";
import { FakeBackend, USERS, account, profile } from "./fakeBackend";
import { byTestId, fieldError, renderApp } from "./helpers";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const RLO_NAME = "Rina \u202Enegai\u202C";

/** Dewi (id 4) is the team server's admin; the desk's other profiles are the usual ones. */
function adminDesk(): FakeBackend {
  const fake = new FakeBackend({ users: [...USERS, profile(4, "Dewi", "admin")], currentUser: 4 });
  fake.accounts = [
    account(101, "dewi", "Dewi", "admin"),
    account(102, "rina", RLO_NAME, "agent"),
    account(103, "budi", "Budi Santoso", "secretariat", { locked_label: "Dikunci sampai 10.20 WIB" }),
    account(104, "lama", "Lama", "agent", { active: false, must_change_password: true }),
  ];
  return fake;
}

async function openAccounts(user: User) {
  await user.click(screen.getByTestId("open-settings"));
  await screen.findByTestId("settings");
  await user.click(byTestId("settings-tab-accounts"));
  await waitFor(() => expect(accountRows()).not.toHaveLength(0));
}

const accountRows = () => screen.queryAllByTestId("account-row");
const row = (username: string) => accountRows().find((r) => r.dataset.username === username)!;
const rowText = (username: string) =>
  [...row(username).querySelectorAll("td")].map((td) => td.textContent?.replace(/\s+/g, " ").trim()).join(" | ");

describe("Pengaturan: Akun", () => {
  it("is offered to an admin only, and a non-admin's settings never ask for accounts", async () => {
    for (const currentUser of [1, 2]) {
      const fake = new FakeBackend({ currentUser });
      const { user, unmount } = await renderApp(fake);
      await user.click(screen.getByTestId("open-settings"));
      await screen.findByTestId("settings-tab-users");
      expect(screen.queryByTestId("settings-tab-accounts")).toBeNull();
      expect(screen.queryByTestId("accounts-tab")).toBeNull();
      expect(fake.callsTo("listAccounts")).toHaveLength(0);
      unmount();
    }

    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await user.click(screen.getByTestId("open-settings"));
    const tab = await screen.findByTestId("settings-tab-accounts");
    expect(tab.textContent?.trim()).toBe("Akun");
    await user.click(tab);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    expect(await screen.findByTestId("accounts-tab")).toBeTruthy();
    expect(fake.callsTo("listAccounts")).toHaveLength(1);
  });

  it("lists the accounts by username with their role and state, names isolated", async () => {
    const { user } = await renderApp(adminDesk());
    await openAccounts(user);

    expect(accountRows().map((r) => r.dataset.username)).toEqual(["budi", "dewi", "lama", "rina"]);
    expect(rowText("dewi")).toMatch(/^dewi \| Dewi \| Admin \| Aktif \|/);
    expect(rowText("budi")).toContain("Sekretariat | Aktif Dikunci sampai 10.20 WIB");
    expect(rowText("lama")).toContain("Agen contact center | Nonaktif Harus ganti kata sandi");
    expect(within(row("lama")).getByTestId("account-status").textContent).not.toContain("Aktif ");
    const name = within(row("rina")).getByText(RLO_NAME);
    expect(name.tagName).toBe("BDI");
  });

  it("adds an account with Enter, shows it needs a new password, and forgets the password typed", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.type(byTestId("account-username"), "Sinta.Sekre");
    await user.type(byTestId("account-name"), "Sinta Maharani");
    await user.selectOptions(byTestId("account-role"), "secretariat");
    const password = byTestId("account-password");
    expect(password.type).toBe("password");
    expect(password.autocomplete).toBe("new-password");
    await user.type(password, "kuda-laut-biru-7{Enter}");

    await waitFor(() => expect(fake.callsTo("createAccount")).toHaveLength(1));
    expect(fake.callsTo("createAccount")[0]).toEqual([
      {
        username: "Sinta.Sekre",
        name: "Sinta Maharani",
        role: "secretariat",
        password: "kuda-laut-biru-7",
      } satisfies AccountInput,
    ]);
    await waitFor(() => expect(row("sinta.sekre")).toBeTruthy());
    expect(rowText("sinta.sekre")).toContain("Sinta Maharani | Sekretariat | Aktif Harus ganti kata sandi");
    expect(screen.getByTestId("accounts-notice").textContent).toContain("Akun Sinta Maharani ditambahkan");
    // The form is empty again, the password included, and ready for the next account.
    expect(password.value).toBe("");
    expect(byTestId("account-username").value).toBe("");
    expect(byTestId<HTMLSelectElement>("account-role").value).toBe("");
    expect(document.activeElement).toBe(byTestId("account-username"));
  });

  it("shows the core's field errors beside their fields and adds nobody until they are fixed", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.type(byTestId("account-username"), "rina");
    await user.type(byTestId("account-name"), "Rina Lain");
    await user.type(byTestId("account-password"), "pendek");
    await user.click(byTestId("account-add"));

    // No role and a short password: both beside their fields, the first one focused.
    const roleError = await waitFor(() => {
      const el = fieldError("role");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(roleError.textContent).toBe("Pilih peran akun");
    const passwordError = fieldError("password")!;
    expect(passwordError.textContent).toBe("Kata sandi sekurang-kurangnya 10 karakter");
    expect(byTestId("account-password").getAttribute("aria-describedby")?.split(" ")).toContain(passwordError.id);
    expect(byTestId("account-password").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("account-add-error")).toBeNull(); // every complaint has its field
    expect(document.activeElement).toBe(byTestId("account-role"));

    await user.selectOptions(byTestId("account-role"), "agent");
    expect(fieldError("role")).toBeNull(); // changing the field takes its complaint away
    await user.clear(byTestId("account-password"));
    await user.type(byTestId("account-password"), "kuda-laut-biru-7");
    await user.click(byTestId("account-add"));

    // The username is taken: the core says so beside it, and what was typed stays.
    await waitFor(() => expect(fieldError("username")?.textContent).toBe('Nama pengguna "rina" sudah dipakai'));
    expect(fieldError("password")).toBeNull();
    expect(byTestId("account-name").value).toBe("Rina Lain");
    expect(fake.accounts).toHaveLength(4);
    expect(accountRows()).toHaveLength(4);

    // A complaint about something the form has no field for goes to the banner, listed.
    fake.failNext(
      "createAccount",
      new ApiError("validation", "Data tidak valid: Pilih profil pengguna terlebih dahulu", {
        fields: [{ field: "actor", message: "Pilih profil pengguna terlebih dahulu" }],
      }),
    );
    await user.clear(byTestId("account-username"));
    await user.type(byTestId("account-username"), "rina.lain{Enter}");
    const banner = await screen.findByTestId("account-add-error");
    expect(within(banner).getByTestId("field-error").dataset.field).toBe("actor");
    expect(fieldError("username")).toBeNull();
  });

  it("shows Menyimpan… while the core works, and one click sends once", async () => {
    const fake = adminDesk();
    const create = fake.createAccount.bind(fake);
    let release = () => {};
    fake.createAccount = (input) =>
      new Promise<AccountView>((resolve, reject) => {
        release = () => void create(input).then(resolve, reject);
      });
    const { user } = await renderApp(fake);
    await openAccounts(user);
    await user.type(byTestId("account-username"), "tono");
    await user.type(byTestId("account-name"), "Tono");
    await user.selectOptions(byTestId("account-role"), "agent");
    await user.type(byTestId("account-password"), "kuda-laut-biru-7");
    await user.click(byTestId("account-add"));

    const button = byTestId<HTMLButtonElement>("account-add");
    await waitFor(() => expect(button.textContent?.trim()).toBe("Menyimpan…"));
    expect(button.disabled).toBe(true);
    release();
    await waitFor(() => expect(button.textContent?.trim()).toBe("Tambah akun"));
    expect(row("tono")).toBeTruthy();
    expect(fake.accounts.filter((a) => a.username === "tono")).toHaveLength(1);
  });

  it("resets a password to a temporary one the user must change at the next sign-in", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.click(within(row("budi")).getByTestId("account-reset"));
    const form = await screen.findByTestId("account-reset-form");
    expect(form.textContent).toContain("Ia harus menggantinya saat masuk berikutnya");
    const password = within(form).getByTestId<HTMLInputElement>("account-reset-password");
    expect(password.type).toBe("password");
    expect(password.autocomplete).toBe("new-password");
    expect(document.activeElement).toBe(password);

    await user.type(password, "pendek{Enter}");
    await waitFor(() =>
      expect(within(form).getByTestId("field-error").textContent).toBe("Kata sandi sekurang-kurangnya 10 karakter"),
    );
    expect(within(row("budi")).queryByText("Harus ganti kata sandi")).toBeNull();

    await user.clear(password);
    await user.type(password, "sementara-2026{Enter}");
    await waitFor(() => expect(screen.queryByTestId("account-reset-form")).toBeNull());
    expect(fake.callsTo("resetPassword").at(-1)).toEqual([103, { password: "sementara-2026" }]);
    expect(rowText("budi")).toContain("Harus ganti kata sandi");
    expect(screen.getByTestId("accounts-notice").textContent).toContain("harus menggantinya saat masuk berikutnya");
    expect(document.activeElement).toBe(within(row("budi")).getByTestId("account-reset"));

    // Opened again, the form starts empty: the password was not kept.
    await user.click(within(row("budi")).getByTestId("account-reset"));
    expect(byTestId("account-reset-password").value).toBe("");
  });

  it("deactivates an account, saying its sessions end", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.click(within(row("budi")).getByTestId("account-edit"));
    const form = await screen.findByTestId("account-edit-form");
    expect(within(form).getByTestId<HTMLInputElement>("account-edit-name").value).toBe("Budi Santoso");
    expect(within(form).getByTestId<HTMLSelectElement>("account-edit-role").value).toBe("secretariat");
    const active = within(form).getByTestId<HTMLInputElement>("account-edit-active");
    expect(active.checked).toBe(true);
    expect(screen.queryByTestId("account-edit-ends-sessions")).toBeNull();

    await user.click(active);
    expect(screen.getByTestId("account-edit-ends-sessions").textContent).toContain("akan diakhiri");
    // Enter on the checkbox saves, as it does in the name box.
    expect(document.activeElement).toBe(active);
    await user.keyboard("{Enter}");

    await waitFor(() => expect(screen.queryByTestId("account-edit-form")).toBeNull());
    expect(fake.callsTo("updateAccount")).toEqual([
      [103, { name: "Budi Santoso", role: "secretariat", active: false }],
    ]);
    expect(rowText("budi")).toContain("Sekretariat | Nonaktif");
    expect(row("budi").classList.contains("inactive")).toBe(true);
    expect(screen.getByTestId("accounts-notice").textContent).toContain("Akun Budi Santoso dinonaktifkan");
  });

  it("shows the refusal to demote the last active admin, and keeps the editor open", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.click(within(row("dewi")).getByTestId("account-edit"));
    const form = await screen.findByTestId("account-edit-form");
    await user.type(within(form).getByTestId("account-edit-name"), " P.");
    const role = within(form).getByTestId<HTMLSelectElement>("account-edit-role");
    await user.selectOptions(role, "agent");
    // Enter on the role saves too, instead of opening its list.
    role.focus();
    await user.keyboard("{Enter}");

    expect((await screen.findByTestId("account-edit-error")).textContent).toContain(
      "Akun ini admin aktif terakhir: angkat admin lain dulu",
    );
    expect(fake.callsTo("updateAccount")).toEqual([[101, { name: "Dewi P.", role: "agent", active: true }]]);
    expect(rowText("dewi")).toContain("Dewi | Admin | Aktif");
    expect(fake.accounts.find((a) => a.id === 101)?.role).toBe("admin");
    expect(screen.getByTestId("account-edit-form")).toBeTruthy();
  });

  it("closes an editor with Escape without saving, focus back on its button", async () => {
    const fake = adminDesk();
    const { user } = await renderApp(fake);
    await openAccounts(user);

    await user.click(within(row("rina")).getByTestId("account-edit"));
    const name = await screen.findByTestId<HTMLInputElement>("account-edit-name");
    expect(document.activeElement).toBe(name);
    await user.clear(name);
    await user.type(name, "Nama Lain");
    await user.keyboard("{Escape}");

    expect(screen.queryByTestId("account-edit-form")).toBeNull();
    expect(fake.callsTo("updateAccount")).toHaveLength(0);
    expect(within(row("rina")).getByText(RLO_NAME)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(row("rina")).getByTestId("account-edit")));
  });

  it("says why the list could not be loaded, and loads it again", async () => {
    const fake = adminDesk();
    fake.failNext("listAccounts", new Error("server tim tidak menjawab"));
    const { user } = await renderApp(fake);
    await user.click(screen.getByTestId("open-settings"));
    await user.click(await screen.findByTestId("settings-tab-accounts"));
    const banner = await screen.findByTestId("accounts-load-error");
    expect(banner.textContent).toContain("Daftar akun gagal dimuat");
    await user.click(within(banner).getByText("Coba lagi"));
    await waitFor(() => expect(accountRows()).toHaveLength(4));
    expect(screen.queryByTestId("accounts-load-error")).toBeNull();
  });
});
