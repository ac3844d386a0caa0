import { getContext, setContext, untrack } from "svelte";
import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { ConnectionView, LiveEvent, SessionView } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

/** How long a burst of changes (one save writes several audit entries) is gathered into one refetch. */
const GATHER_MS = 150;

/** The fingerprint the start screen asks the user to compare before trusting a server. */
export interface FingerprintCheck {
  address: string;
  fingerprint: string;
  /** Another certificate was trusted for this address before: say so loudly. */
  changed: boolean;
}

/**
 * Where the window works (this computer's database, or a team server) and what the shell says
 * about it: changes made at any desk, the team connection dropping and coming back, the session
 * ending. Screens that show shared data refetch when `changes` moves (see `refetchOnChange`).
 */
export class DeskConnection {
  readonly #backend: Backend;
  #gathering: ReturnType<typeof setTimeout> | undefined;

  view = $state.raw<ConnectionView | null>(null);
  /** Moves once per gathered burst of changes (or a resync); screens refetch when it does. */
  changes = $state(0);
  /** Why the team server cannot be reached, while it cannot; the shell keeps retrying. */
  offline = $state<string | null>(null);
  retryInSeconds = $state(0);
  /** Why the last team session ended (expired, revoked), shown on the sign-in. */
  endedMessage = $state<string | null>(null);

  // The team sign-in form. The password lives here only until it is sent.
  address = $state("");
  username = $state("");
  password = $state("");
  signingIn = $state(false);
  signInError = $state<string | null>(null);
  readonly signInErrors = new FieldErrors();
  /** The server's certificate, waiting for the user to compare it. */
  check = $state.raw<FingerprintCheck | null>(null);

  // Changing one's own password (a reset one must be replaced before anything else).
  currentPassword = $state("");
  newPassword = $state("");
  repeatPassword = $state("");
  changingPassword = $state(false);
  passwordError = $state<string | null>(null);
  readonly passwordErrors = new FieldErrors();

  readonly session = $derived<SessionView | null>(this.view?.session ?? null);
  readonly inTeam = $derived(this.view?.server != null);
  readonly mustChangePassword = $derived(this.session?.must_change_password === true);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Starts hearing the shell; returns how to stop. */
  listen(): () => void {
    const stop = this.#backend.onLive((event) => this.heard(event));
    return () => {
      stop();
      if (this.#gathering !== undefined) clearTimeout(this.#gathering);
    };
  }

  heard(event: LiveEvent): void {
    switch (event.kind) {
      case "change":
      case "resync":
        this.#changed();
        break;
      case "offline":
        this.offline = event.message;
        this.retryInSeconds = event.retry_in_seconds;
        break;
      case "online":
        this.offline = null;
        break;
      case "signed_out":
        this.offline = null;
        this.endedMessage = event.message;
        this.view = this.view ? { ...this.view, server: null, session: null } : null;
        break;
    }
  }

  #changed(): void {
    if (this.#gathering !== undefined) return;
    this.#gathering = setTimeout(() => {
      this.#gathering = undefined;
      this.changes += 1;
    }, GATHER_MS);
  }

  async load(): Promise<void> {
    try {
      this.view = await this.#backend.connection();
      if (this.address === "" && this.view.remembered_address) this.address = this.view.remembered_address;
    } catch {
      // Without an answer the start screen still offers both ways in; signing in asks again.
    }
  }

  /**
   * Signs in to the team server; true once signed in. A certificate not yet trusted stops
   * at `check`, to be compared and confirmed (or refused) by the user.
   */
  async signIn(trustedFingerprint: string | null = null): Promise<boolean> {
    if (this.signingIn) return false;
    this.signingIn = true;
    this.signInError = null;
    this.signInErrors.clear();
    try {
      const outcome = await this.#backend.signInToServer({
        address: this.address,
        username: this.username,
        password: this.password,
        trusted_fingerprint: trustedFingerprint,
      });
      if (outcome.outcome === "compare_fingerprint") {
        this.check = { address: outcome.address, fingerprint: outcome.fingerprint, changed: outcome.changed };
        return false;
      }
      this.check = null;
      this.password = "";
      this.endedMessage = null;
      this.offline = null;
      await this.load();
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.signInErrors.replace(apiError.details.fields);
      this.signInError = apiError.details.fields.length ? null : apiError.message;
      this.check = null;
      return false;
    } finally {
      this.signingIn = false;
    }
  }

  /** The user compared the fingerprint and it matches: sign in trusting exactly that certificate. */
  trustAndSignIn(): Promise<boolean> {
    const check = this.check;
    if (!check) return Promise.resolve(false);
    return this.signIn(check.fingerprint);
  }

  /** The fingerprint does not match (or the user is unsure): nothing was sent, nothing trusted. */
  refuseCertificate(): void {
    this.check = null;
    this.password = "";
    this.signInError =
      "Sertifikat tidak dipercaya; tidak ada yang dikirim ke server. Hubungi admin tim sebelum mencoba lagi.";
  }

  async signOut(): Promise<void> {
    try {
      await this.#backend.signOutOfServer();
    } finally {
      this.endedMessage = null;
      await this.load();
    }
  }

  async changePassword(): Promise<boolean> {
    if (this.changingPassword) return false;
    this.passwordError = null;
    this.passwordErrors.clear();
    if (this.newPassword !== this.repeatPassword) {
      this.passwordErrors.replace([{ field: "repeat", message: "Ulangi kata sandi baru yang sama persis" }]);
      return false;
    }
    this.changingPassword = true;
    try {
      const session = await this.#backend.changePassword({ current: this.currentPassword, new: this.newPassword });
      this.currentPassword = "";
      this.newPassword = "";
      this.repeatPassword = "";
      if (this.view) this.view = { ...this.view, session };
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.passwordErrors.replace(apiError.details.fields);
      this.passwordError = apiError.details.fields.length ? null : apiError.message;
      return false;
    } finally {
      this.changingPassword = false;
    }
  }

  reconnect(): void {
    void this.#backend.reconnect();
  }
}

const KEY = Symbol("desk-connection");

export function setDeskConnection(connection: DeskConnection): DeskConnection {
  return setContext(KEY, connection);
}

/**
 * Refetches what a screen shows whenever another desk (or this one) changed something, or the
 * connection came back. Call during a component's initialisation; the first load stays the
 * screen's own.
 */
export function refetchOnChange(refetch: () => void): void {
  const connection = getContext<DeskConnection | undefined>(KEY);
  if (!connection) return;
  let seen = untrack(() => connection.changes);
  $effect(() => {
    const now = connection.changes;
    if (now === seen) return;
    seen = now;
    untrack(refetch);
  });
}
