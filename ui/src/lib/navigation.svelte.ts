import { getContext, setContext, untrack } from "svelte";
import type { RequestStatus } from "./api/types";
import type { DeskConnection } from "./state/connection.svelte";
import type { ProfileSession } from "./state/profiles.svelte";
import type { RequestListState } from "./state/requestList.svelte";
import type { SetupState } from "./state/setup.svelte";

/** The settings tabs a link can open. */
export type SettingsTab = "policy" | "holidays" | "overrides" | "rooms" | "letters" | "mail" | "users" | "accounts";

/** The screens of the app proper, once a profile acts. */
export type Route =
  | { name: "list" }
  /** `id` null is a new request; a fresh `visit` remounts the form even from one new form to another. */
  | { name: "form"; id: number | null; visit: number }
  | { name: "settings"; tab?: SettingsTab }
  | { name: "setup" }
  | { name: "calendar" }
  | { name: "dashboard" }
  | { name: "arrivals" }
  | { name: "requesters" }
  | { name: "report" };

/** Screens reached from the main navigation's own buttons (the request form is reached from them). */
export type NavScreen = "arrivals" | "requesters" | "report";

/**
 * What the main area shows: the start states until a profile acts (loading the profiles, their
 * failure, the chooser), then the route, with the set-up wizard in the list's place when offered.
 */
export type View =
  | { name: "loading" }
  | { name: "load-error" }
  | { name: "profiles" }
  /** A team account replaces its password: a reset one before anything else, or by choice. */
  | { name: "password" }
  | Route;

/** Asked before leaving a screen with unsaved edits; calls `proceed` once leaving is fine. */
export type LeaveGuard = (proceed: () => void) => void;

/** Ways deep components may leave their screen (e.g. a refused letter's link to the settings). */
export interface Navigation {
  openSettings(tab?: SettingsTab): void;
  openSetup(): void;
  /** Puts `guard` before every way out of the request form; returns its release. */
  guardLeave(guard: LeaveGuard): () => void;
}

type Deps = { session: ProfileSession; setup: SetupState; list: RequestListState; connection: DeskConnection };

/**
 * The app's one router: the current screen, every way from one screen to another with the
 * guards they pass (unsaved edits, the profile chooser, the set-up wizard, read-only), and
 * the app-wide keyboard shortcuts.
 *
 * Construct it during the app component's initialisation: the effects below live as long as
 * that component.
 */
export class AppNavigation implements Navigation {
  readonly #session: ProfileSession;
  readonly #setup: SetupState;
  readonly #list: RequestListState;
  readonly #connection: DeskConnection;
  #visits = 0;
  /** Signed in with a password to replace first: what the session shows loads after it. */
  #enteringTeam = false;
  #leaveGuard: LeaveGuard | null = null;

  route = $state<Route>({ name: "list" });
  /** "Ganti profil" was pressed: the chooser shows although a profile is selected. */
  choosingProfile = $state(false);
  /** "Ganti kata sandi" was pressed in team mode. */
  changingPassword = $state(false);

  /** The app proper shows once the shell acts as a profile; every change is recorded in its name. */
  // The setup status is known first, so the first screen is the wizard or the list, never both.
  readonly ready = $derived.by(
    () =>
      this.#session.phase === "ready" &&
      this.#session.current !== null &&
      !this.choosingProfile &&
      (this.#setup.status !== null || this.#setup.loadError !== null),
  );

  /**
   * The first start (or any start while letters would print a placeholder) walks the
   * secretariat through the settings instead of the list, until they leave it for now; nobody
   * can save read-only.
   */
  readonly offerSetup = $derived.by(
    () =>
      this.#session.current?.may.secretariat === true &&
      this.#setup.status !== null &&
      !this.#setup.status.complete &&
      !this.#setup.status.read_only &&
      !this.#setup.offered,
  );

  /** The reminder that letters would still print a placeholder, over the list and the dashboard. */
  readonly setupBannerShown = $derived.by(
    () =>
      this.ready &&
      this.#setup.incomplete &&
      !this.offerSetup &&
      (this.route.name === "list" || this.route.name === "dashboard"),
  );

  /** The chooser opened by "Ganti profil" can be left for the profile already acting. */
  readonly canCancelChoosing = $derived.by(() => this.choosingProfile && this.#session.current !== null);

  readonly view = $derived.by<View>(() => {
    // A reset password is replaced first: until then the server answers nothing else.
    if (this.#connection.inTeam && (this.#connection.mustChangePassword || this.changingPassword)) {
      return { name: "password" };
    }
    if (this.#session.phase === "loading") return { name: "loading" };
    if (this.#session.phase === "error") return { name: "load-error" };
    if (!this.ready) return { name: "profiles" };
    if (this.route.name === "list" && this.offerSetup) return { name: "setup" };
    return this.route;
  });

  constructor({ session, setup, list, connection }: Deps) {
    this.#session = session;
    this.#setup = setup;
    this.#list = list;
    this.#connection = connection;

    // The team session ended under the window (expired, revoked): back to the start screen,
    // which says why.
    $effect(() => {
      if (connection.endedMessage !== null) {
        untrack(() => {
          this.changingPassword = false;
          this.choosingProfile = true;
          void session.load();
        });
      }
    });

    // Once offered, the wizard stays until it is left, even when its last save completes the
    // setup; left by any way, it does not come back by itself.
    $effect(() => {
      if (this.ready && this.offerSetup && this.route.name === "list") {
        setup.offered = true;
        this.route = { name: "setup" };
      }
    });

    // A desk without any profile is at its first start: the wizard then begins at its first step.
    $effect(() => {
      if (session.phase === "ready" && session.users.length === 0) setup.walkFromStart = true;
    });

    // The banner follows what Settings saved meanwhile.
    $effect(() => {
      if (this.ready && (this.route.name === "list" || this.route.name === "dashboard")) {
        void untrack(() => setup.load());
      }
    });
  }

  /** Loads who acts and what the set-up still lacks; the first screen waits for both. */
  start(): void {
    void this.#connection.load();
    void this.#session.load();
    void this.#setup.load();
  }

  /** Signed in to a team server: who acts and what the set-up lacks now come from it. */
  async enteredTeam(): Promise<void> {
    this.route = { name: "list" };
    this.#enteringTeam = this.#connection.mustChangePassword;
    if (this.#enteringTeam) return;
    await Promise.all([this.#session.load(), this.#setup.load()]);
    this.choosingProfile = false;
  }

  /** "Keluar": ends the team session and shows the start screen. */
  signOut(): void {
    this.leaveThen(() => {
      void this.#connection.signOut().then(async () => {
        this.route = { name: "list" };
        this.choosingProfile = true;
        await this.#session.load();
      });
    });
  }

  openPasswordChange(): void {
    this.leaveThen(() => (this.changingPassword = true));
  }

  /** Done (or left): a first password replaced now lets the session load what it shows. */
  passwordChanged(): void {
    this.changingPassword = false;
    if (this.#enteringTeam) void this.enteredTeam();
  }

  guardLeave(guard: LeaveGuard): () => void {
    this.#leaveGuard = guard;
    return () => {
      if (this.#leaveGuard === guard) this.#leaveGuard = null;
    };
  }

  /** Leaves the current screen, asking first when the form has unsaved edits. */
  leaveThen(proceed: () => void): void {
    const guard = this.#leaveGuard;
    if (this.route.name === "form" && guard) guard(proceed);
    else proceed();
  }

  /** Opens a stored request (selected in the list for the way back) or, with null, a new one. */
  openForm(id: number | null): void {
    if (id !== null) this.#list.select(id);
    this.route = { name: "form", id, visit: ++this.#visits };
  }

  newRequest(): void {
    this.leaveThen(() => this.openForm(null));
  }

  /** A link to the settings (a tab of them): opens it even from the settings. */
  openSettings(tab?: SettingsTab): void {
    this.leaveThen(() => (this.route = { name: "settings", tab }));
  }

  /** The bar's button and Alt+S: the settings, left as they are when already open. */
  openSettingsScreen(): void {
    if (this.route.name !== "settings") this.leaveThen(() => (this.route = { name: "settings" }));
  }

  openSetup(): void {
    if (this.route.name !== "setup") this.leaveThen(() => (this.route = { name: "setup" }));
  }

  /** Done or left for now: the list, with the banner while something is still missing. */
  leaveSetup(): void {
    this.#setup.walkFromStart = false;
    this.route = { name: "list" };
    void this.#setup.load();
  }

  openCalendar(): void {
    if (this.route.name !== "calendar") this.leaveThen(() => (this.route = { name: "calendar" }));
  }

  openDashboard(): void {
    if (this.route.name !== "dashboard") this.leaveThen(() => (this.route = { name: "dashboard" }));
  }

  openScreen(name: NavScreen): void {
    if (this.route.name !== name) this.leaveThen(() => (this.route = { name }));
  }

  /** The request list showing one status only (from a dashboard card's "Lihat semua"). */
  showStatus(status: RequestStatus): void {
    this.#list.showOnlyStatus(status);
    this.route = { name: "list" };
  }

  backToList(): void {
    this.route = { name: "list" };
  }

  /** The "← Daftar" button: back to the list, asking first about unsaved edits. */
  leaveToList(): void {
    this.leaveThen(() => this.backToList());
  }

  /** A request was saved: back to the list with its row selected. */
  requestSaved(id: number): void {
    this.#list.select(id);
    this.route = { name: "list" };
  }

  /** A workflow step changed a request that stays open: its row is the one selected. */
  requestChanged(id: number): void {
    this.#list.select(id);
  }

  switchProfile(): void {
    this.leaveThen(() => {
      this.route = { name: "list" };
      this.choosingProfile = true;
      void this.#session.refresh();
    });
  }

  profileChosen(): void {
    this.choosingProfile = false;
    // The wizard may already have been offered to the profile just chosen.
    if (this.route.name !== "setup") this.route = { name: "list" };
  }

  cancelChoosing(): void {
    this.choosingProfile = false;
  }

  /** Alt+N (new request), Alt+S (settings), Alt+K (calendar), Alt+D (arrivals), once a profile acts. */
  readonly onkeydown = (event: KeyboardEvent): void => {
    if (!this.ready) return;
    // event.code, not key: on some layouts Alt+N produces a different character.
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.code === "KeyN") {
      event.preventDefault();
      this.newRequest();
    } else if (event.code === "KeyS") {
      event.preventDefault();
      this.openSettingsScreen();
    } else if (event.code === "KeyK") {
      event.preventDefault();
      this.openCalendar();
    } else if (event.code === "KeyD") {
      event.preventDefault();
      this.openScreen("arrivals");
    }
  };
}

const KEY = Symbol("navigation");

export function setNavigation(navigation: Navigation): Navigation {
  return setContext(KEY, navigation);
}

/** The app's navigation, or null where a component is rendered on its own (tests). */
export function getNavigation(): Navigation | null {
  return getContext<Navigation | undefined>(KEY) ?? null;
}
