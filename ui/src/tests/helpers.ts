import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { expect } from "vitest";
import App from "../App.svelte";
import type { FakeBackend } from "./fakeBackend";

/**
 * Renders the app and waits until it knows whether a profile is selected: the chooser, or the
 * app proper (the FakeBackend starts with Sari selected unless told `currentUser: null`).
 */
export async function renderApp(backend: FakeBackend) {
  const user = userEvent.setup();
  const result = render(App, { props: { backend } });
  await waitFor(() =>
    expect(screen.queryByTestId("profile-chooser") ?? screen.queryByTestId("new-request")).not.toBeNull(),
  );
  return { user, ...result };
}

export const rows = () => screen.queryAllByTestId("request-row");
export const rowIds = () => rows().map((row) => Number(row.dataset.id));

export function byTestId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  return screen.getByTestId(id) as T;
}

/** The field error element for a dotted path, or null. */
export function fieldError(path: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="field-error"][data-field="${path}"]`);
}

export async function waitForRows(count: number): Promise<void> {
  await waitFor(() => expect(screen.getByTestId("request-count").textContent).toBe(`${count.toLocaleString("id-ID")} permohonan`));
}
