import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { Role, UserInput, UserView } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

/** Field paths of `create_user`'s answers that have an input in the chooser. */
const CREATE_PATHS = ["name", "role"];

/**
 * Who is working: the local profiles, the one the shell acts as, and the small form that adds
 * a profile. Every change the core records is made in the selected profile's name.
 */
export class ProfileSession {
  readonly #backend: Backend;

  users = $state.raw<UserView[]>([]);
  current = $state.raw<UserView | null>(null);
  phase = $state<"loading" | "ready" | "error">("loading");
  loadError = $state<string | null>(null);

  /** The profile being selected (its button shows it is busy). */
  selecting = $state<number | null>(null);
  selectError = $state<string | null>(null);

  name = $state("");
  role = $state<Role | "">("");
  creating = $state(false);
  createError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  /** Only active profiles can act; the core refuses the others. */
  readonly choices = $derived(this.users.filter((user) => user.active));
  /** Errors with no input in the form; listed under it so none is lost. */
  readonly unplacedErrors = $derived(this.errors.entries().filter(([path]) => !CREATE_PATHS.includes(path)));

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Asks the shell whether a profile is already selected, and lists the profiles. */
  async load(): Promise<void> {
    this.phase = "loading";
    this.loadError = null;
    try {
      const [current, users] = await Promise.all([this.#backend.currentUser(), this.#backend.listUsers()]);
      this.current = current;
      this.users = users;
      this.phase = "ready";
    } catch (error) {
      this.loadError = toApiError(error).message;
      this.phase = "error";
    }
  }

  /** Lists the profiles again (e.g. when the chooser is opened to switch). */
  async refresh(): Promise<void> {
    try {
      this.users = await this.#backend.listUsers();
    } catch {
      // The list already shown stays usable; selecting still asks the core.
    }
  }

  /** Makes `id` the acting profile; false (with `selectError`) when the core refuses. */
  async select(id: number): Promise<boolean> {
    if (this.selecting !== null) return false;
    this.selecting = id;
    this.selectError = null;
    try {
      this.current = await this.#backend.selectUser(id);
      return true;
    } catch (error) {
      this.selectError = toApiError(error).message;
      return false;
    } finally {
      this.selecting = null;
    }
  }

  toInput(): UserInput {
    return { name: this.name, role: this.role === "" ? null : this.role };
  }

  /** Creates a profile from the form; returns it, or null with the errors shown. */
  async create(): Promise<UserView | null> {
    if (this.creating) return null;
    this.creating = true;
    this.createError = null;
    this.errors.clear();
    try {
      const created = await this.#backend.createUser(this.toInput());
      this.users = [...this.users.filter((u) => u.id !== created.id), created].sort((a, b) =>
        a.name.localeCompare(b.name, "id"),
      );
      this.name = "";
      this.role = "";
      return created;
    } catch (error) {
      const apiError = toApiError(error);
      this.createError = apiError.message;
      this.errors.replace(apiError.details.fields);
      return null;
    } finally {
      this.creating = false;
    }
  }
}
