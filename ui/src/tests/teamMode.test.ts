import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../App.svelte";
import type { SessionView } from "../lib/api/types";
import rolesJson from "./fixtures/roles.json";
import { FakeBackend, makeDetail } from "./fakeBackend";
import { byTestId, waitForRows } from "./helpers";

const ADDRESS = "https://server-djpk:8443";
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, "0").toUpperCase()).join(":");

function session(overrides: Partial<SessionView> = {}): SessionView {
  const role = overrides.role ?? "secretariat";
  const may = (rolesJson as Record<string, SessionView["may"]>)[role];
  if (!may) throw new Error(`no permissions for ${role} in roles.json`);
  return {
    id: 7,
    username: "dewi",
    name: "Dewi Sekretariat",
    role,
    role_label: "Sekretariat",
    desk: "meja-2",
    must_change_password: false,
    may,
    ...overrides,
  };
}

/** A fresh desk (no profile chosen) that can reach one team server with one account. */
function desk(account: Partial<SessionView> = {}) {
  const fake = new FakeBackend({ currentUser: null, details: [makeDetail(1), makeDetail(2)] });
  fake.server = {
    address: ADDRESS,
    fingerprint: FINGERPRINT,
    accounts: { dewi: { password: "rahasia-panjang-1", session: session(account) } },
  };
  return fake;
}

async function start(fake: FakeBackend) {
  const user = userEvent.setup();
  render(App, { props: { backend: fake } });
  await screen.findByTestId("start-screen");
  return user;
}

async function fillSignIn(user: ReturnType<typeof userEvent.setup>, password = "rahasia-panjang-1") {
  await user.click(byTestId("start-team"));
  const address = await screen.findByTestId("team-address");
  await user.clear(address);
  await user.type(address, ADDRESS);
  await user.type(byTestId("team-username"), "dewi");
  await user.type(byTestId("team-password"), password);
  await user.click(byTestId("team-sign-in-submit"));
}

describe("Team mode: the start screen", () => {
  it("offers this computer's database and the team server; the local way is the profiles as before", async () => {
    const fake = desk();
    const user = await start(fake);
    expect(byTestId("start-local").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("profile-chooser")).toBeTruthy();
    await user.click(byTestId("start-team"));
    expect(screen.queryByTestId("profile-chooser")).toBeNull();
    expect(screen.getByTestId("team-sign-in")).toBeTruthy();
  });

  it("shows the certificate's fingerprint before sending the password, and trusts only what was compared", async () => {
    const fake = desk();
    const user = await start(fake);
    await fillSignIn(user);

    const shown = await screen.findByTestId("fingerprint");
    expect(shown.textContent?.replace(/\s+/g, "")).toBe(FINGERPRINT.replace(/\s+/g, ""));
    expect(screen.queryByTestId("fingerprint-changed")).toBeNull();
    expect(fake.teamSession).toBeNull();
    expect(fake.pinned.size).toBe(0);

    await user.click(byTestId("fingerprint-trust"));
    await waitForRows(2);
    expect(fake.pinned.get(ADDRESS)).toBe(FINGERPRINT);
    expect(fake.callsTo("signInToServer").map((args) => (args[0] as { trusted_fingerprint: string | null }).trusted_fingerprint)).toEqual([
      null,
      FINGERPRINT,
    ]);
    expect(byTestId("current-user").textContent).toContain("Dewi Sekretariat");
    // Team accounts sign out; they do not switch local profiles.
    expect(screen.queryByTestId("switch-user")).toBeNull();
    expect(screen.getByTestId("sign-out")).toBeTruthy();
  });

  it("sends nothing when the fingerprint does not match", async () => {
    const fake = desk();
    const user = await start(fake);
    await fillSignIn(user);
    await user.click(await screen.findByTestId("fingerprint-refuse"));

    expect(byTestId("team-sign-in-error").textContent).toContain("tidak ada yang dikirim");
    expect(fake.teamSession).toBeNull();
    expect(fake.pinned.size).toBe(0);
    expect((byTestId("team-password") as HTMLInputElement).value).toBe("");
  });

  it("warns loudly when a pinned server shows another certificate", async () => {
    const fake = desk();
    fake.pinned.set(ADDRESS, "00:11:22");
    fake.rememberedAddress = ADDRESS;
    const user = await start(fake);
    // The remembered address opens on "Server tim", filled in.
    await waitFor(() => expect((byTestId("team-address") as HTMLInputElement).value).toBe(ADDRESS));
    await user.type(byTestId("team-username"), "dewi");
    await user.type(byTestId("team-password"), "rahasia-panjang-1");
    await user.click(byTestId("team-sign-in-submit"));

    expect((await screen.findByTestId("fingerprint-changed")).textContent).toContain("berubah");
    expect(fake.teamSession).toBeNull();
  });

  it("says a wrong password in the server's words and keeps the address and username", async () => {
    const fake = desk();
    fake.pinned.set(ADDRESS, FINGERPRINT);
    const user = await start(fake);
    await fillSignIn(user, "salah-sekali-123");

    expect((await screen.findByTestId("team-sign-in-error")).textContent).toBe("Nama pengguna atau kata sandi salah");
    expect((byTestId("team-address") as HTMLInputElement).value).toBe(ADDRESS);
    expect((byTestId("team-username") as HTMLInputElement).value).toBe("dewi");
  });
});

describe("Team mode: working", () => {
  async function signedIn(account: Partial<SessionView> = {}) {
    const fake = desk(account);
    fake.pinned.set(ADDRESS, FINGERPRINT);
    const user = await start(fake);
    await fillSignIn(user);
    return { fake, user };
  }

  it("asks for a new password first when the admin reset it, and refuses a mistyped repeat", async () => {
    const { fake, user } = await signedIn({ must_change_password: true });
    await screen.findByTestId("password-view");
    expect(screen.getByTestId("password-forced")).toBeTruthy();
    expect(screen.queryByTestId("request-list")).toBeNull();

    await user.type(byTestId("password-current"), "rahasia-panjang-1");
    await user.type(byTestId("password-new"), "kata-sandi-baru-99");
    await user.type(byTestId("password-repeat"), "kata-sandi-baru-98");
    await user.click(byTestId("password-submit"));
    expect(document.querySelector('[data-field="repeat"]')?.textContent).toContain("sama persis");
    expect(fake.callsTo("changePassword")).toHaveLength(0);

    await user.clear(byTestId("password-repeat"));
    await user.type(byTestId("password-repeat"), "kata-sandi-baru-99{Enter}");
    await waitForRows(2);
    expect(fake.server?.accounts.dewi?.password).toBe("kata-sandi-baru-99");
  });

  it("refetches the list when another desk changes something, once per burst", async () => {
    const { fake } = await signedIn();
    await waitForRows(2);
    const before = fake.callsTo("listRequests").length;

    fake.details.set(3, makeDetail(3));
    fake.emitLive({ kind: "change", change: { id: 10, action: "request.create", request_id: 3 } });
    fake.emitLive({ kind: "change", change: { id: 11, action: "request.verify", request_id: 3 } });
    await waitForRows(3);
    expect(fake.callsTo("listRequests").length).toBe(before + 1);
  });

  it("shows the dropped connection, retries on demand, and keeps the screen as it was", async () => {
    const { fake, user } = await signedIn();
    await waitForRows(2);
    fake.emitLive({ kind: "offline", message: "Server tim tidak dapat dihubungi", retry_in_seconds: 4 });
    const banner = await screen.findByTestId("offline-banner");
    expect(banner.textContent).toContain("4 detik");
    await user.click(byTestId("offline-retry"));
    expect(fake.callsTo("reconnect")).toHaveLength(1);
    expect(screen.getByTestId("request-list")).toBeTruthy();

    fake.emitLive({ kind: "online" });
    await waitFor(() => expect(screen.queryByTestId("offline-banner")).toBeNull());
  });

  it("returns to the sign-in, saying why, when the session ends under it", async () => {
    const { fake } = await signedIn();
    await waitForRows(2);
    fake.teamSession = null;
    fake.emitLive({ kind: "signed_out", message: "Sesi Anda berakhir; silakan masuk lagi" });

    expect((await screen.findByTestId("team-session-ended")).textContent).toContain("silakan masuk lagi");
    expect(screen.queryByTestId("request-list")).toBeNull();
  });
});
