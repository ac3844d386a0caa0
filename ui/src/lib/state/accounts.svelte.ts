import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { AccountView, Role } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

/**
 * What the account forms share: a busy flag, the core's refusal and its field errors. The core
 * judges every input (usernames, passwords, the last admin); the forms only show its answer.
 */
abstract class AccountForm {
  readonly #paths: readonly string[];
  busy = $state(false);
  error = $state<string | null>(null);
  readonly errors = new FieldErrors();
  /** Errors with no input in this form; listed in its banner so none is lost. */
  readonly unplacedErrors = $derived(this.errors.entries().filter(([path]) => !this.#paths.includes(path)));

  /** `paths`: the field paths of the core's answers that have an input in this form. */
  constructor(paths: readonly string[]) {
    this.#paths = paths;
  }

  /** Runs `call` once at a time; its answer, or null with the refusal kept for the form. */
  protected async send<T>(call: () => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = true;
    this.error = null;
    this.errors.clear();
    try {
      return await call();
    } catch (error) {
      const apiError = toApiError(error);
      this.error = apiError.message;
      this.errors.replace(apiError.details.fields);
      return null;
    } finally {
      this.busy = false;
    }
  }
}

/** The form that adds an account with a first password, which its holder must replace. */
export class NewAccountForm extends AccountForm {
  readonly #backend: Backend;
  username = $state("");
  name = $state("");
  role = $state<Role | "">("");
  password = $state("");

  constructor(backend: Backend) {
    super(["username", "name", "role", "password"]);
    this.#backend = backend;
  }

  async submit(): Promise<AccountView | null> {
    const input = {
      username: this.username,
      name: this.name,
      role: this.role === "" ? null : this.role,
      password: this.password,
    };
    const created = await this.send(() => this.#backend.createAccount(input));
    if (created) {
      this.username = this.name = this.password = "";
      this.role = "";
    }
    return created;
  }
}

/** Changes one account's display name, role and whether it may sign in. */
export class AccountEditor extends AccountForm {
  readonly #backend: Backend;
  readonly account: AccountView;
  name = $state("");
  role = $state<Role>("agent");
  active = $state(true);

  constructor(backend: Backend, account: AccountView) {
    super(["name", "role"]);
    this.#backend = backend;
    this.account = account;
    this.name = account.name;
    this.role = account.role;
    this.active = account.active;
  }

  /** A role change or a deactivation ends the account's sessions (the core says so too). */
  get endsSessions(): boolean {
    return this.role !== this.account.role || (this.account.active && !this.active);
  }

  submit(): Promise<AccountView | null> {
    const input = { name: this.name, role: this.role, active: this.active };
    return this.send(() => this.#backend.updateAccount(this.account.id, input));
  }
}

/** Sets a temporary password for someone who forgot theirs; they must replace it at the next sign-in. */
export class PasswordResetForm extends AccountForm {
  readonly #backend: Backend;
  readonly account: AccountView;
  password = $state("");

  constructor(backend: Backend, account: AccountView) {
    super(["password"]);
    this.#backend = backend;
    this.account = account;
  }

  async submit(): Promise<AccountView | null> {
    const input = { password: this.password };
    const reset = await this.send(() => this.#backend.resetPassword(this.account.id, input));
    if (reset) this.password = "";
    return reset;
  }
}

/** What the last change did, for the status line under the list. */
export type AccountNotice = { name: string; text: string };

/**
 * Pengaturan › Akun: the team server's accounts, the form adding one, and the one editor open
 * at a time (its name, role and state, or a password reset). Only an admin reaches it; the
 * core refuses anyone else anyway.
 */
export class AccountsState {
  readonly #backend: Backend;

  items = $state.raw<AccountView[]>([]);
  phase = $state<"loading" | "ready" | "error">("loading");
  loadError = $state<string | null>(null);

  readonly create: NewAccountForm;
  /** The row being edited, or being given a new password; at most one. */
  editor = $state<AccountEditor | null>(null);
  reset = $state<PasswordResetForm | null>(null);
  notice = $state.raw<AccountNotice | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
    this.create = new NewAccountForm(backend);
  }

  async load(): Promise<void> {
    this.phase = "loading";
    this.loadError = null;
    try {
      this.items = await this.#backend.listAccounts();
      this.phase = "ready";
    } catch (error) {
      this.loadError = toApiError(error).message;
      this.phase = "error";
    }
  }

  edit(account: AccountView): void {
    this.notice = null;
    this.reset = null;
    this.editor = new AccountEditor(this.#backend, account);
  }

  resetPassword(account: AccountView): void {
    this.notice = null;
    this.editor = null;
    this.reset = new PasswordResetForm(this.#backend, account);
  }

  /** Closes the open editor; a typed password goes with it. */
  close(): void {
    this.editor = null;
    this.reset = null;
  }

  async add(): Promise<AccountView | null> {
    const created = await this.create.submit();
    if (created) {
      this.#put(created);
      this.notice = {
        name: created.name,
        text: "ditambahkan; kata sandi awalnya harus diganti saat masuk pertama kali.",
      };
    }
    return created;
  }

  async saveEdit(): Promise<AccountView | null> {
    const editor = this.editor;
    if (!editor) return null;
    const saved = await editor.submit();
    if (!saved) return null;
    this.#put(saved);
    if (this.editor === editor) this.editor = null;
    const deactivated = editor.account.active && !saved.active;
    const text = deactivated
      ? "dinonaktifkan; sesinya diakhiri dan ia tidak dapat masuk lagi."
      : saved.role !== editor.account.role
        ? "disimpan; sesi yang berjalan diakhiri, ia masuk lagi dengan peran barunya."
        : "disimpan.";
    this.notice = { name: saved.name, text };
    return saved;
  }

  async submitReset(): Promise<AccountView | null> {
    const form = this.reset;
    if (!form) return null;
    const reset = await form.submit();
    if (!reset) return null;
    this.#put(reset);
    if (this.reset === form) this.reset = null;
    this.notice = {
      name: reset.name,
      text: "mendapat kata sandi sementara; ia harus menggantinya saat masuk berikutnya, dan sesinya diakhiri.",
    };
    return reset;
  }

  /** Puts the core's answer in the list, in the core's order (by username). */
  #put(account: AccountView): void {
    this.items = [...this.items.filter((a) => a.id !== account.id), account].sort((a, b) =>
      a.username.localeCompare(b.username),
    );
  }
}
