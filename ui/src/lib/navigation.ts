import { getContext, setContext } from "svelte";

/** The settings tabs a link can open. */
export type SettingsTab = "policy" | "holidays" | "overrides" | "rooms" | "letters" | "users";

/** Ways deep components may leave their screen (e.g. a refused letter's link to the settings). */
export interface Navigation {
  openSettings(tab?: SettingsTab): void;
  openSetup(): void;
}

const KEY = Symbol("navigation");

export function setNavigation(navigation: Navigation): Navigation {
  return setContext(KEY, navigation);
}

/** The app's navigation, or null where a component is rendered on its own (tests). */
export function getNavigation(): Navigation | null {
  return getContext<Navigation | undefined>(KEY) ?? null;
}
