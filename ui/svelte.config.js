/** @type {import("@sveltejs/vite-plugin-svelte").SvelteConfig} */
export default {
  // Runes everywhere: no component may silently fall back to legacy reactivity.
  compilerOptions: { runes: true },
};
