import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

export default defineConfig({
  // Relative asset URLs so the bundle loads from Tauri's custom protocol.
  base: "./",
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Tauri's webviews all support modulepreload; the polyfill is dead weight.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // The form tests type a whole request key by key: on a loaded two-core machine the longest
    // takes 8–12 s (under 4 s when idle), past the default 5 s, and a timed-out test leaves
    // timers that break the ones after it. The bound stays: a hung test still fails.
    testTimeout: 30_000,
  },
});
